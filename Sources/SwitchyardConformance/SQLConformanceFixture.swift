import Switchyard

/// A ready-made ``ConformanceFixture`` for SQL backends: give it a way to open a
/// backend, the column type to use for each value kind, and the placeholder syntax.
///
/// ```swift
/// let fixture = SQLConformanceFixture(
///     typeNames: [.bool: "BOOLEAN", .int: "BIGINT", .double: "DOUBLE PRECISION", .text: "TEXT", …],
///     placeholder: { "$\($0)" },
///     makeBackend: { try await drivers.makeBackend(name: "conformance", url: testURL) })
/// ```
///
/// Statements use standard SQL with double-quoted identifiers: `CREATE TABLE`,
/// `DROP TABLE IF EXISTS`, multi-row `INSERT … VALUES`, `SELECT COUNT(*)`, and
/// `SAVEPOINT` / `ROLLBACK TO SAVEPOINT` / `RELEASE SAVEPOINT`.
public struct SQLConformanceFixture: ConformanceFixture {
    /// The SQL column type for each value kind the backend round-trips.
    public var typeNames: [ValueKind: String]
    /// The placeholder for the `index`-th bound value (1-based): `?`, `?1` or `$1`.
    public var placeholder: @Sendable (Int) -> String
    /// What the checks expect of this backend; the SQL defaults unless given.
    public var options: ConformanceOptions
    /// Replacement sample lists for kinds the database cannot hold in full; document why.
    public var sampleOverrides: [ValueKind: [Value]]
    private let open: @Sendable () async throws -> any Backend
    private let release: @Sendable (any Backend) async -> Void

    /// - Parameters:
    ///   - typeNames: the column type per value kind; its keys are the kinds the suite checks.
    ///   - placeholder: the placeholder for the `index`-th (1-based) bound value.
    ///   - options: behaviour that differs from a typical SQL database, and the heavier checks' sizes.
    ///   - sampleOverrides: replacement sample lists for kinds the database cannot hold in full.
    ///   - tearDown: releases a backend after a check; the default shuts it down.
    ///   - makeBackend: opens a fresh backend for one check.
    public init(
        typeNames: [ValueKind: String], placeholder: @escaping @Sendable (Int) -> String = { _ in "?" },
        options: ConformanceOptions = ConformanceOptions(), sampleOverrides: [ValueKind: [Value]] = [:],
        tearDown: @escaping @Sendable (any Backend) async -> Void = { await $0.shutdown() },
        makeBackend: @escaping @Sendable () async throws -> any Backend
    ) {
        self.typeNames = typeNames
        self.placeholder = placeholder
        self.options = options
        self.sampleOverrides = sampleOverrides
        self.open = makeBackend
        self.release = tearDown
    }

    public func makeBackend() async throws -> any Backend { try await open() }
    public func tearDown(_ backend: any Backend) async { await release(backend) }

    /// The keys of ``typeNames``: a kind without a column type is not checked.
    public var valueKinds: Set<ValueKind> { Set(typeNames.keys) }

    /// The kind's entry in ``sampleOverrides``, else ``ConformanceSamples/values(for:)``.
    public func samples(for kind: ValueKind) -> [Value] {
        sampleOverrides[kind] ?? ConformanceSamples.values(for: kind)
    }

    /// Runs `CREATE TABLE` with each column's type from ``typeNames``; throws `.unsupported` for a kind
    /// that has none.
    public func createTable(_ table: ConformanceTable, on executor: any QueryExecutor) async throws {
        let columns = try table.columns.map { column -> String in
            guard let type = typeNames[column.kind] else {
                throw SwitchyardError(.unsupported, "the fixture has no SQL type for \(column.kind) values")
            }
            return "\(quote(column.name)) \(type)" + (column.isPrimaryKey ? " NOT NULL PRIMARY KEY" : "")
        }
        try await executor.execute("CREATE TABLE \(quote(table.name)) (\(columns.joined(separator: ", ")))")
    }

    public func dropTable(named name: String, on executor: any QueryExecutor) async throws {
        try await executor.execute("DROP TABLE IF EXISTS \(quote(name))")
    }

    public func insert(into table: String, columns: [String], rows: [[Value]]) -> Statement {
        var index = 0
        let tuples = rows.map { row in
            "(" + row.map { _ in index += 1; return placeholder(index) }.joined(separator: ", ") + ")"
        }
        let sql = "INSERT INTO \(quote(table)) (\(columns.map(quote).joined(separator: ", "))) VALUES \(tuples.joined(separator: ", "))"
        return Statement(sql, rows.flatMap { $0 })
    }

    public func select(_ columns: [String], from table: String, where filter: ConformanceFilter?, orderBy: String?) -> Statement {
        var sql = "SELECT \(columns.map(quote).joined(separator: ", ")) FROM \(quote(table))"
        var bindings: [Value] = []
        if let filter {
            sql += " WHERE \(quote(filter.column)) = \(placeholder(1))"
            bindings.append(filter.value)
        }
        if let orderBy { sql += " ORDER BY \(quote(orderBy))" }
        return Statement(sql, bindings)
    }

    public func count(in table: String, where filter: ConformanceFilter?) -> Statement {
        guard let filter else { return Statement("SELECT COUNT(*) FROM \(quote(table))") }
        return Statement("SELECT COUNT(*) FROM \(quote(table)) WHERE \(quote(filter.column)) = \(placeholder(1))", [filter.value])
    }

    public func invalidStatement() -> Statement { Statement("SELEKT * FORM nowhere") }

    public func savepointStatements(named name: String) -> SavepointStatements? {
        SavepointStatements(
            create: Statement("SAVEPOINT \(quote(name))"), rollback: Statement("ROLLBACK TO SAVEPOINT \(quote(name))"),
            release: Statement("RELEASE SAVEPOINT \(quote(name))"))
    }

    private func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
