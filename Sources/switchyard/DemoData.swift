import Foundation
import Switchyard

/// The demo database's rows, generated from a fixed seed so every first run builds the
/// same shop: 200 customers, 60 products, 1,500 orders and about 4,500 order items.
struct DemoData {
    struct Table {
        let name: String
        let columns: [String]
        var rows: [[Value]]
    }

    private var random = SplitMix64(seed: 0x5317_C4A2_D00D)

    static let customerCount = 200
    static let productCount = 60
    static let orderCount = 1_500

    private static let firstNames = [
        "Alice", "Bob", "Chloé", "Dmitri", "Émile", "Fatima", "Giulia", "Hiroshi", "Ingrid", "José", "Kwame", "Léa",
        "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Søren", "Tomás", "Uma", "Vikram", "Wei", "Xóchitl",
        "Yuki", "Zoë", "李", "王", "山田", "Ангелина",
    ]
    private static let lastNames = [
        "Smith", "Müller", "García", "Rossi", "Dubois", "Nowak", "Kowalski", "Johansson", "Nakamura", "Okafor",
        "Silva", "Novák", "Ivanova", "Jensen", "Yılmaz", "O'Brien", "明", "芳", "太郎", "Петрова",
    ]
    private static let places: [(country: String, city: String)] = [
        ("FR", "Paris"), ("DE", "München"), ("ES", "Sevilla"), ("IT", "Torino"), ("JP", "東京"), ("CN", "北京"),
        ("US", "New York"), ("BR", "São Paulo"), ("DK", "Århus"), ("PL", "Kraków"), ("NG", "Lagos"), ("IN", "Bengaluru"),
        ("TR", "İstanbul"), ("CZ", "Brno"), ("RU", "Москва"),
    ]
    private static let categories = ["Coffee", "Tea", "Kitchen", "Books", "Stationery", "Garden"]
    private static let productWords = [
        "Espresso Beans", "Green Tea", "Pour-over Kettle", "Notebook", "Fountain Pen", "Watering Can", "Matcha Whisk",
        "Cast Iron Pan", "Bonsai Shears", "Oolong", "Café Crème", "Ceramic Mug ☕", "Plant Pot 🌱", "Rooibos",
        "Recipe Book", "Washi Tape", "Tea Towel", "Grinder", "French Press", "Sketchbook",
    ]
    private static let statuses = ["pending", "shipped", "delivered", "delivered", "delivered", "cancelled"]

    /// Every table's rows, in an order that satisfies the foreign keys.
    mutating func tables() -> [Table] {
        let customers = makeCustomers()
        let products = makeProducts()
        let prices = products.rows.map { row -> Int64 in
            if case .decimal(let price) = row[4] { return Self.cents(price) }
            return 100
        }
        let (orders, items) = makeOrders(prices: prices)
        return [customers, products, orders, items]
    }

    private mutating func makeCustomers() -> Table {
        var rows: [[Value]] = []
        let firstDay = CalendarDate(year: 2019, month: 1, day: 1)?.daysSinceEpoch ?? 17_897
        for id in 1...Self.customerCount {
            let first = pick(Self.firstNames)
            let last = pick(Self.lastNames)
            let place = pick(Self.places)
            let ascii = first.unicodeScalars.allSatisfy(\.isASCII)
            let email: Value = random.chance(0.9) ? .text("\(ascii ? first.lowercased() : "customer")\(id)@example.com") : .null
            let city: Value = random.chance(0.92) ? .text(place.city) : .null
            let notes: Value = random.chance(0.15)
                ? .text(pick(["Prefers e-mail", "VIP", "Asked about bulk pricing", "Gift wrapping, always 🎁", "Pays by invoice"]))
                : .null
            rows.append([
                .int(Int64(id)), .text("\(first) \(last)"), email, .text(place.country), city,
                .date(CalendarDate(daysSinceEpoch: firstDay + random.next(below: 1_800))),
                .bool(random.chance(0.85)), notes,
            ])
        }
        return Table(
            name: "customers", columns: ["id", "name", "email", "country", "city", "signed_up", "is_active", "notes"],
            rows: rows)
    }

    private mutating func makeProducts() -> Table {
        var rows: [[Value]] = []
        for id in 1...Self.productCount {
            let word = Self.productWords[(id - 1) % Self.productWords.count]
            let edition = (id - 1) / Self.productWords.count
            let name = edition == 0 ? word : "\(word) \(["", "Deluxe", "Mini"][edition % 3])"
            let description: Value = random.chance(0.7) ? .text("\(name): a customer favourite since 20\(10 + id % 14).") : .null
            rows.append([
                .int(Int64(id)), .text(String(format: "SKU-%04d", id * 7)), .text(name), .text(pick(Self.categories)),
                .decimal(Self.money(cents: 199 + random.next(below: 12_000))), .bool(random.chance(0.8)), description,
            ])
        }
        return Table(
            name: "products", columns: ["id", "sku", "name", "category", "price", "in_stock", "description"], rows: rows)
    }

    private mutating func makeOrders(prices: [Int64]) -> (Table, Table) {
        var orders: [[Value]] = []
        var items: [[Value]] = []
        let start = Timestamp(date: CalendarDate(year: 2023, month: 1, day: 1) ?? CalendarDate(daysSinceEpoch: 19_358))
        for id in 1...Self.orderCount {
            let orderedAt = Timestamp(microsecondsSinceEpoch: start.microsecondsSinceEpoch + random.next(below: 730 * 86_400) * 1_000_000)
            let status = pick(Self.statuses)
            let orderDay = orderedAt.microsecondsSinceEpoch / 86_400_000_000
            let shippedOn: Value = status == "shipped" || status == "delivered"
                ? .date(CalendarDate(daysSinceEpoch: orderDay + 1 + random.next(below: 5))) : .null
            var total: Int64 = 0
            var chosen: Set<Int64> = []
            for _ in 0..<(1 + random.next(below: 5)) {
                let product = 1 + random.next(below: Int64(Self.productCount))
                guard chosen.insert(product).inserted else { continue }
                let quantity = 1 + random.next(below: 4)
                let price = prices[Int(product - 1)]
                total += price * quantity
                items.append([.int(Int64(id)), .int(product), .int(quantity), .decimal(Self.money(cents: price))])
            }
            orders.append([
                .int(Int64(id)), .int(1 + random.next(below: Int64(Self.customerCount))), .timestamp(orderedAt),
                .text(status), shippedOn, .decimal(Self.money(cents: total)),
            ])
        }
        return (
            Table(name: "orders", columns: ["id", "customer_id", "ordered_at", "status", "shipped_on", "total"], rows: orders),
            Table(name: "order_items", columns: ["order_id", "product_id", "quantity", "unit_price"], rows: items)
        )
    }

    private mutating func pick<T>(_ choices: [T]) -> T {
        choices[Int(random.next(below: Int64(choices.count)))]
    }

    static func money(cents: Int64) -> ExactDecimal {
        let fraction = String(cents % 100)
        return ExactDecimal("\(cents / 100).\(fraction.count == 1 ? "0" + fraction : fraction)") ?? ExactDecimal(cents / 100)
    }

    static func cents(_ decimal: ExactDecimal) -> Int64 {
        let parts = decimal.text.split(separator: ".")
        let whole = Int64(parts.first ?? "0") ?? 0
        let fraction = parts.count > 1 ? Int64(String(parts[1].prefix(2)).padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0 : 0
        return whole * 100 + fraction
    }
}

/// A small, fast, seedable generator: the demo data must be the same on every machine.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    mutating func next(below bound: Int64) -> Int64 {
        Int64(next() % UInt64(max(1, bound)))
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double(next() % 10_000) / 10_000 < probability
    }
}
