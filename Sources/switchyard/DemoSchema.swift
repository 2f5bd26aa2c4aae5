/// The demo database's tables: a small shop whose data exercises what the REPL shows —
/// foreign keys, dates and timestamps, decimals, booleans, NULLs and Unicode text.
enum DemoSchema {
    static let statements: [String] = [
        """
        CREATE TABLE customers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            email TEXT UNIQUE,
            country TEXT NOT NULL,
            city TEXT,
            signed_up DATE NOT NULL,
            is_active BOOLEAN NOT NULL DEFAULT 1,
            notes TEXT
        )
        """,
        """
        CREATE TABLE products (
            id INTEGER PRIMARY KEY,
            sku TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            category TEXT NOT NULL,
            price DECIMAL(10,2) NOT NULL,
            in_stock BOOLEAN NOT NULL,
            description TEXT
        )
        """,
        """
        CREATE TABLE orders (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            ordered_at TIMESTAMP NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'shipped', 'delivered', 'cancelled')),
            shipped_on DATE,
            total DECIMAL(12,2) NOT NULL
        )
        """,
        """
        CREATE TABLE order_items (
            order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
            product_id INTEGER NOT NULL REFERENCES products(id),
            quantity INTEGER NOT NULL CHECK (quantity > 0),
            unit_price DECIMAL(10,2) NOT NULL,
            PRIMARY KEY (order_id, product_id)
        )
        """,
        "CREATE INDEX orders_by_customer ON orders(customer_id)",
        "CREATE INDEX order_items_by_product ON order_items(product_id)",
        """
        CREATE VIEW customer_totals AS
            SELECT c.id, c.name, c.country, count(o.id) AS orders
            FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
            GROUP BY c.id, c.name, c.country
        """,
    ]
}
