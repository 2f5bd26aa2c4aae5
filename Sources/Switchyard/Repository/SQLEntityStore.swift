/// The ``EntityStore`` for SQL backends: builds statements in the backend's
/// ``SQLDialect`` and runs them on its ``QueryExecutor``.
///
/// Identifiers are quoted, values are always bound. Saving uses
/// `INSERT … ON CONFLICT (key) DO UPDATE`, which SQLite (3.24+) and PostgreSQL share.
public struct SQLEntityStore: EntityStore {
    /// How it writes SQL for its backend: placeholders, quoting, `LIKE`, `LIMIT`.
    public let dialect: any SQLDialect
    private let executor: any QueryExecutor
    private let translator: SQLPredicateTranslator
    private let texts: TextCache

    /// A store running its statements on `executor`. `texts` keeps the `SELECT`s it writes
    /// (see ``TextCache``): give each store of one backend the same one, made once.
    public init(dialect: any SQLDialect, executor: any QueryExecutor, texts: TextCache = TextCache()) {
        self.dialect = dialect
        self.executor = executor
        self.translator = SQLPredicateTranslator(dialect: dialect)
        self.texts = texts
    }

    public func fetch(_ query: EntityQuery) async throws -> ResultSet {
        try await executor.query(fetchStatement(query))
    }

    /// What ``fetch(_:)`` runs: the text kept for the query's shape, or written and kept.
    func fetchStatement(_ query: EntityQuery) -> Statement {
        let shape = SQLQueryShape(query)
        if let shape, let text = texts.text(for: shape) {
            return Statement(text, translator.bindings(of: query.predicate))
        }
        let (condition, bindings) = translator.translate(query.predicate)
        var sql = "SELECT * FROM \(dialect.quoteQualified(query.storageName)) WHERE \(condition)"
        sql += translator.orderBy(query.orderBy)
        sql += dialect.limitClause(limit: query.page.limit, offset: query.page.offset)
        if let shape { texts.remember(sql, for: shape) }
        return Statement(sql, bindings)
    }

    /// Runs `SELECT COUNT(*)` over the rows matching `predicate`; throws `.database` if no number comes back.
    public func count(in storageName: String, where predicate: Predicate) async throws -> Int {
        let (condition, bindings) = translator.translate(predicate)
        let rows = try await executor.query(
            Statement("SELECT COUNT(*) FROM \(dialect.quoteQualified(storageName)) WHERE \(condition)", bindings)
        ).collect()
        guard let first = rows.first, let count = Int(value: first[0]) else {
            throw SwitchyardError(.database, "COUNT(*) returned no number")
        }
        return count
    }

    /// Inserts `document`'s fields as columns, updating every other column of the row whose `keyField`
    /// already matches. Throws `.invalidInput` when `document` has no `keyField` field.
    public func upsert(into storageName: String, keyField: String, document: Document) async throws {
        guard document[keyField] != nil else {
            throw SwitchyardError(.invalidInput, "cannot save into \(storageName): the entity has no '\(keyField)' field")
        }
        let columns = document.names.map(dialect.quote)
        let placeholders = (1...document.count).map(dialect.placeholder)
        var sql = "INSERT INTO \(dialect.quoteQualified(storageName)) (\(columns.joined(separator: ", "))) VALUES (\(placeholders.joined(separator: ", ")))"
        let updates = document.names.filter { $0 != keyField }.map { "\(dialect.quote($0)) = excluded.\(dialect.quote($0))" }
        sql += " ON CONFLICT (\(dialect.quote(keyField))) DO " + (updates.isEmpty ? "NOTHING" : "UPDATE SET " + updates.joined(separator: ", "))
        try await executor.execute(Statement(sql, document.map(\.value)))
    }

    /// `INSERT INTO "table" ("a", "b") VALUES (?, ?), (?, ?)`, with the dialect's placeholders.
    public func insertStatement(into storageName: String, columns: [String], rows: [[Value]]) -> Statement? {
        var sql = "INSERT INTO \(dialect.quoteQualified(storageName)) (\(columns.map(dialect.quote).joined(separator: ", "))) VALUES "
        var bindings: [Value] = []
        bindings.reserveCapacity(rows.count * columns.count)
        for (index, row) in rows.enumerated() {
            if index > 0 { sql += ", " }
            sql += "("
            for (position, value) in row.enumerated() {
                bindings.append(value)
                sql += (position > 0 ? ", " : "") + dialect.placeholder(bindings.count)
            }
            sql += ")"
        }
        return Statement(sql, bindings)
    }

    public func delete(from storageName: String, where predicate: Predicate) async throws -> Int {
        let (condition, bindings) = translator.translate(predicate)
        let summary = try await executor.execute(
            Statement("DELETE FROM \(dialect.quoteQualified(storageName)) WHERE \(condition)", bindings))
        return summary.rowsAffected ?? 0
    }
}
