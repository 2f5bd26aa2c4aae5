import Switchyard

/// A schema of the database, for listings such as the REPL's `\dn`.
public struct PostgresSchema: Sendable, Hashable {
    /// The schema's name.
    public var name: String
    /// The role that owns it.
    public var owner: String
}

extension PostgresBackend {
    /// Tables (ordinary, partitioned, foreign), views and materialized views of every
    /// schema the user can see except PostgreSQL's own, with their columns in order,
    /// declared types (`character varying(40)`, `numeric(12,2)`), nullability and
    /// primary-key membership, from `pg_catalog`; ``Catalog/schemas`` also names the
    /// schemas that hold none of them.
    public func catalog() async throws -> Catalog {
        let rows = try await query(Statement(Self.catalogQuery), options: QueryOptions(readOnly: true)).collect()
        var objects: [CatalogObject] = []
        for row in rows {
            guard let schema = String(value: row[0]), let table = String(value: row[1]), let kind = String(value: row[2]) else { continue }
            if objects.last?.schema != schema || objects.last?.name != table {
                let isView = kind == "v" || kind == "m"
                objects.append(CatalogObject(schema: schema, name: table, kind: isView ? .view : .table, columns: []))
            }
            guard let column = String(value: row[3]) else { continue }  // a table without columns
            objects[objects.count - 1].columns.append(
                CatalogColumn(
                    name: column, type: String(value: row[4]) ?? "", isNullable: !(Bool(value: row[5]) ?? false),
                    isPrimaryKey: Bool(value: row[6]) ?? false))
        }
        return Catalog(objects: objects, schemas: try await schemas().map(\.name))
    }

    /// The schemas the user can see, PostgreSQL's own (`pg_catalog`, `information_schema`,
    /// `pg_toast`, temporary schemas) left out.
    public func schemas() async throws -> [PostgresSchema] {
        let rows = try await query(Statement(Self.schemaQuery), options: QueryOptions(readOnly: true)).collect()
        return rows.compactMap { row in
            guard let name = String(value: row[0]) else { return nil }
            return PostgresSchema(name: name, owner: String(value: row[1]) ?? "")
        }
    }

    /// One row per column: schema, object, relkind, column, type, NOT NULL, in the primary key.
    static let catalogQuery = """
        SELECT n.nspname::text, c.relname::text, c.relkind::text, a.attname::text,
               format_type(a.atttypid, a.atttypmod), a.attnotnull,
               COALESCE(a.attnum = ANY (i.indkey), false)
        FROM pg_catalog.pg_class AS c
        JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
        LEFT JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_catalog.pg_index AS i ON i.indrelid = c.oid AND i.indisprimary
        WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm')
          AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
          AND has_schema_privilege(n.oid, 'USAGE')
        ORDER BY n.nspname, c.relname, a.attnum
        """

    static let schemaQuery = """
        SELECT n.nspname::text, pg_catalog.pg_get_userbyid(n.nspowner)::text
        FROM pg_catalog.pg_namespace AS n
        WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
        ORDER BY 1
        """
}
