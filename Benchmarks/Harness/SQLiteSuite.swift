import Foundation
import Switchyard
import SwitchyardBenchReference
import SwitchyardSQLite

/// W1–W3 on SQLite: a database file in a temporary folder, raw libsqlite3 against the adapter.
///
/// `@unchecked Sendable`: the raw handle is only used by one path at a time (the runner
/// awaits each run before starting the next), never concurrently.
final class SQLiteSuite: @unchecked Sendable, BenchSuite {
    let settings: BenchSettings
    let path: String
    private let raw: OpaquePointer
    let backend: SQLiteBackend

    static let lookupSQL = "SELECT id, name, age, score, created FROM items WHERE id = ?"
    static let scanSQL = "SELECT id, name, age, score, created FROM items"
    /// Rows per statement of the bulk path (500 bound values, under SQLite's default limit).
    static let rowsPerBulkStatement = 100

    init(settings: BenchSettings, folder: String) async throws {
        self.settings = settings
        path = folder + "/items.sqlite"
        var error = sy_error()
        guard let raw = sy_sqlite_open(path, &error) else { throw BenchError("sqlite open failed") }
        self.raw = raw
        try BenchError.check(sy_sqlite_create(raw, "items", Int64(settings.rows), &error), error, "sqlite create")
        backend = try await SQLiteBackend.open(name: "sqlite", url: "sqlite://" + path)
    }

    func shutdown() async {
        await backend.shutdown()
        sy_sqlite_close(raw)
    }

    func workloads() throws -> [Workload] {
        let orchestrator = try AdapterPaths.orchestrator([backend], defaultBackend: backend.name)
        return [try pointLookups(orchestrator, variants: try AdapterPaths.diagnosticOrchestrators(for: backend)), scan(orchestrator), bulkInsert()]
    }

    private func pointLookups(_ orchestrator: Orchestrator, variants: [(name: String, orchestrator: Orchestrator)]) throws -> Workload {
        let ids = Items.randomIDs(count: settings.lookups, maxID: settings.rows)
        let statement: @Sendable (Int64) -> Statement = { Statement(Self.lookupSQL, [.int($0)]) }
        let backend = self.backend
        return Workload(
            id: "W1", title: "point lookups", backend: "SQLite", operationName: "lookups", rounds: settings.rounds,
            paths: [
                BenchPath.rawLookups(ids: ids, label: "sqlite lookups") { [self] in sy_sqlite_point_lookups(raw, $0, $1, $2, $3, $4) },
            ] + BenchPath.adapterLookups(ids: ids, statement: statement, backend: backend, orchestrator: orchestrator, variants: variants) + [
                BenchPath(name: "Repository", run: AdapterPaths.repositoryLookups(ids: ids, repository: try BackendRepository<Item>(backend: backend))),
                // Diagnostic: the same lookups inside one transaction, whose body runs on the writer's own
                // thread, so no statement is handed to another thread: what the hand-offs cost.
                BenchPath(name: "Backend in one transaction (diagnostic)") {
                    try await backend.withTransaction { transaction in
                        try await AdapterPaths.lookups(ids: ids, statement: statement) {
                            try await transaction.query($0, options: QueryOptions())
                        }()
                    }
                },
            ])
    }

    private func scan(_ orchestrator: Orchestrator) -> Workload {
        let statement = Statement(Self.scanSQL)
        let repeats = settings.scanRepeats(rows: settings.rows)
        let backend = self.backend
        return Workload(
            id: "W2", title: "full scan", backend: "SQLite", operationName: "rows", rounds: settings.rounds,
            paths: [
                BenchPath.rawScan(repeats: repeats, label: "sqlite scan") { [self] in sy_sqlite_scan(raw, $0, $1, $2) },
            ] + BenchPath.adapterScans(statement, repeats: repeats, backend: backend, orchestrator: orchestrator))
    }

    private func bulkInsert() -> Workload {
        let count = settings.insertRows
        let table = "items_w3"
        let backend = self.backend
        let empty: @Sendable () async throws -> Void = {
            try await ReferenceThread.run { [self] in
                var error = sy_error()
                try BenchError.check(sy_sqlite_create(raw, table, 0, &error), error, "sqlite create \(table)")
            }
        }
        let rowSQL = "INSERT INTO \(table) (id, name, age, score, created) VALUES (?, ?, ?, ?, ?)"
        let bulkRows = Self.rowsPerBulkStatement
        let bulkSQL = "INSERT INTO \(table) (id, name, age, score, created) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?)", count: bulkRows).joined(separator: ", ")
        return Workload(
            id: "W3", title: "bulk insert", backend: "SQLite", operationName: "rows", rounds: settings.rounds,
            paths: [
                BenchPath(name: "raw C per-row", isReference: true, prepare: empty) { try await ReferenceThread.run { [self] in
                    var error = sy_error()
                    try BenchError.check(sy_sqlite_insert(raw, table, Int64(count), 1, &error), error, "sqlite insert")
                    return PathRun(operations: count, checksum: Int64(count))
                } },
                BenchPath(name: "raw C multi-row", isReference: true, prepare: empty) { try await ReferenceThread.run { [self] in
                    var error = sy_error()
                    try BenchError.check(sy_sqlite_insert(raw, table, Int64(count), Int32(bulkRows), &error), error, "sqlite insert")
                    return PathRun(operations: count, checksum: Int64(count))
                } },
                BenchPath(name: "Backend per-row", prepare: empty) {
                    try await backend.withTransaction { transaction in
                        for id in 1...count { try await transaction.execute(rowSQL, Items.values(Int64(id))) }
                    }
                    return PathRun(operations: count, checksum: Int64(count))
                },
                BenchPath(name: "Backend bulk insert", target: 0.90, prepare: empty) {
                    let inserted = try await backend.insert(into: table, columns: Items.columns, rows: ItemRows(count: count))
                    return PathRun(operations: inserted, checksum: Int64(inserted))
                },
                // Diagnostic: the same multi-row statements through execute, one per 100 rows.
                BenchPath(name: "Backend multi-row execute", prepare: empty) {
                    try await backend.withTransaction { transaction in
                        var id = 1
                        while id <= count {
                            let rows = min(bulkRows, count - id + 1)
                            var values: [Value] = []
                            values.reserveCapacity(rows * 5)
                            for offset in 0..<rows { values += Items.values(Int64(id + offset)) }
                            let sql = rows == bulkRows ? bulkSQL : "INSERT INTO \(table) (id, name, age, score, created) VALUES "
                                + Array(repeating: "(?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
                            try await transaction.execute(sql, values)
                            id += rows
                        }
                    }
                    return PathRun(operations: count, checksum: Int64(count))
                },
            ],
            note: "W3 ratios are to raw C's best method in the same round (per-row or multi-row INSERT of \(bulkRows) rows); the bulk path is `SQLiteBackend.insert(into:columns:rows:)`.")
    }
}
