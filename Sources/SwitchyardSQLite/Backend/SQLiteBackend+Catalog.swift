import Switchyard

extension SQLiteBackend {
    /// Tables and views of the main database with their columns, from `sqlite_schema`
    /// and `pragma_table_xinfo` (SQLite's own `sqlite_%` tables and FTS shadow tables left out).
    ///
    /// A column counts as non-nullable when declared `NOT NULL`, when it is the
    /// `INTEGER PRIMARY KEY` (the rowid, which cannot be NULL), or when it is part of
    /// the key of a `WITHOUT ROWID` table. Other primary-key columns of rowid tables
    /// *can* hold NULL in SQLite, and are reported so. A view SQLite can no longer
    /// compile (its table was dropped) is listed without columns.
    public func catalog() async throws -> Catalog {
        let readOnly = QueryOptions(readOnly: true)
        do {
            let rows = try await query(Statement(Self.catalogQuery), options: readOnly).collect()
            return Catalog(objects: Self.objects(from: rows.map(\.values)))
        } catch let error as SwitchyardError where error.kind == .database || error.kind == .syntax {
            // One broken view fails the joined query: describe the objects one by one instead.
            let objects = try await query(Statement(Self.objectQuery), options: readOnly).collect()
            var rows: [[Value]] = []
            for object in objects {
                let columns = try? await query(Statement(Self.columnQuery, [object[0]]), options: readOnly).collect()
                if let columns, !columns.isEmpty {
                    rows += columns.map { object.values + $0.values }
                } else {
                    rows.append(object.values + [.null, .null, .null, .null])
                }
            }
            return Catalog(objects: Self.objects(from: rows))
        }
    }

    /// Builds the objects from rows of: object, kind, WITHOUT ROWID, column, type, pk, notnull.
    private static func objects(from rows: [[Value]]) -> [CatalogObject] {
        var objects: [CatalogObject] = []
        var keyCounts: [String: Int] = [:]
        for row in rows where (Int(value: row[5]) ?? 0) > 0 {
            keyCounts[String(value: row[0]) ?? "", default: 0] += 1
        }
        for row in rows {
            guard let table = String(value: row[0]), let kind = String(value: row[1]) else { continue }
            if objects.last?.name != table {
                objects.append(CatalogObject(name: table, kind: kind == "view" ? .view : .table, columns: []))
            }
            guard let column = String(value: row[3]) else { continue }  // no columns known
            let withoutRowID = (Int(value: row[2]) ?? 0) != 0
            let type = String(value: row[4]) ?? ""
            let isPrimaryKey = (Int(value: row[5]) ?? 0) > 0
            let declaredNotNull = (Int(value: row[6]) ?? 0) != 0
            let isRowID = isPrimaryKey && keyCounts[table] == 1 && type.uppercased() == "INTEGER" && !withoutRowID
            let notNull = declaredNotNull || isRowID || (isPrimaryKey && withoutRowID)
            objects[objects.count - 1].columns.append(
                CatalogColumn(name: column, type: type, isNullable: !notNull, isPrimaryKey: isPrimaryKey))
        }
        return objects
    }

    /// One row per object: name, kind, WITHOUT ROWID.
    static let objectQuery = """
        SELECT o.name, o.type, COALESCE(l.wr, 0)
        FROM sqlite_schema AS o
        LEFT JOIN pragma_table_list AS l ON l.schema = 'main' AND l.name = o.name
        WHERE o.type IN ('table', 'view') AND o.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
          AND COALESCE(l.type, '') <> 'shadow'
        ORDER BY o.name
        """

    /// One row per column of the object bound to `?1`: column, type, pk, notnull.
    static let columnQuery = """
        SELECT name, type, pk, "notnull" FROM pragma_table_xinfo(?1) WHERE hidden <> 1 ORDER BY cid
        """

    /// The two above joined: one row per column of every object.
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
