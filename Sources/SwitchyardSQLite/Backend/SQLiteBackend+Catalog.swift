import Switchyard

extension SQLiteBackend {
    /// Tables and views of the main database with their columns, from `sqlite_schema`
    /// and `pragma_table_xinfo` (SQLite's own `sqlite_%` tables and FTS shadow tables left out).
    ///
    /// A column counts as non-nullable when declared `NOT NULL`, when it is the
    /// `INTEGER PRIMARY KEY` (the rowid, which cannot be NULL), or when it is part of
    /// the key of a `WITHOUT ROWID` table. Other primary-key columns of rowid tables
    /// *can* hold NULL in SQLite, and are reported so.
    public func catalog() async throws -> Catalog {
        let rows = try await query(Statement(Self.catalogQuery), options: QueryOptions(readOnly: true)).collect()
        var objects: [CatalogObject] = []
        var keyCounts: [String: Int] = [:]
        for row in rows where (Int(value: row[5]) ?? 0) > 0 {
            let table = String(value: row[0]) ?? ""
            keyCounts[table, default: 0] += 1
        }
        for row in rows {
            guard let table = String(value: row[0]), let kind = String(value: row[1]) else { continue }
            if objects.last?.name != table {
                objects.append(CatalogObject(name: table, kind: kind == "view" ? .view : .table, columns: []))
            }
            guard let column = String(value: row[3]) else { continue }  // a table without columns
            let withoutRowID = (Int(value: row[2]) ?? 0) != 0
            let type = String(value: row[4]) ?? ""
            let isPrimaryKey = (Int(value: row[5]) ?? 0) > 0
            let declaredNotNull = (Int(value: row[6]) ?? 0) != 0
            let isRowID = isPrimaryKey && keyCounts[table] == 1 && type.uppercased() == "INTEGER"
            let notNull = declaredNotNull || isRowID || (isPrimaryKey && withoutRowID)
            objects[objects.count - 1].columns.append(
                CatalogColumn(name: column, type: type, isNullable: !notNull, isPrimaryKey: isPrimaryKey))
        }
        return Catalog(objects: objects)
    }

    /// One row per column: object, kind, WITHOUT ROWID, column, type, pk, notnull.
    static let catalogQuery = """
        SELECT o.name, o.type, COALESCE(l.wr, 0), c.name, c.type, c.pk, c."notnull"
        FROM sqlite_schema AS o
        LEFT JOIN pragma_table_list AS l ON l.schema = 'main' AND l.name = o.name
        LEFT JOIN pragma_table_xinfo(o.name) AS c ON c.hidden <> 1
        WHERE o.type IN ('table', 'view') AND o.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
          AND COALESCE(l.type, '') <> 'shadow'
        ORDER BY o.name, c.cid
        """
}
