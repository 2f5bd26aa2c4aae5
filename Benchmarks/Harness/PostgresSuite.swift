import Foundation
import Switchyard
import SwitchyardBenchReference
import SwitchyardPostgres

/// W1–W4 on PostgreSQL: raw libpq against the adapter, on the benchmark's own server.
///
/// `@unchecked Sendable`: the raw connection is only used by one path at a time (the
/// runner awaits each run before starting the next), never concurrently.
final class PostgresSuite: @unchecked Sendable, BenchSuite {
    let settings: BenchSettings
    let url: String
    private let raw: OpaquePointer
    let backend: PostgresBackend

    static let lookupSQL = "SELECT id, name, age, score, created FROM items WHERE id = $1"
    static let scanSQL = "SELECT id, name, age, score, created FROM items"

    init(settings: BenchSettings, url: String) async throws {
        self.settings = settings
        self.url = url
        var error = sy_error()
        guard let raw = sy_postgres_open(url, &error) else {
            try BenchError.check(-1, error, "postgres connect")
            throw BenchError("postgres connect failed")
        }
        self.raw = raw
        backend = try await PostgresBackend.open(
            name: "postgres", url: url, settings: ["pool_max": "\(settings.concurrencyTasks)", "pool_min": "1"])
        try await ReferenceThread.run { [self] in
            var error = sy_error()
            try BenchError.check(sy_postgres_create(self.raw, "items", Int64(self.settings.rows), &error), error, "postgres create")
        }
    }

    func shutdown() async {
        await backend.shutdown()
        sy_postgres_close(raw)
    }

    func workloads() throws -> [Workload] {
        let orchestrator = try AdapterPaths.orchestrator([backend], defaultBackend: backend.name)
        return [try pointLookups(orchestrator, variants: try AdapterPaths.diagnosticOrchestrators(for: backend)), scan(orchestrator), bulkInsert(), concurrency()]
    }

    private func pointLookups(_ orchestrator: Orchestrator, variants: [(name: String, orchestrator: Orchestrator)]) throws -> Workload {
        let ids = Items.randomIDs(count: settings.lookups, maxID: settings.rows)
        let statement: @Sendable (Int64) -> Statement = { Statement(Self.lookupSQL, [.int($0)]) }
        let backend = self.backend
        return Workload(
            id: "W1", title: "point lookups", backend: "PostgreSQL", operationName: "lookups", rounds: settings.rounds,
            paths: [
                BenchPath.rawLookups(ids: ids, label: "postgres lookups") { [self] in sy_postgres_point_lookups(raw, $0, $1, $2, $3, $4) },
            ] + BenchPath.adapterLookups(ids: ids, statement: statement, backend: backend, orchestrator: orchestrator, variants: variants) + [
                BenchPath(name: "Repository", run: AdapterPaths.repositoryLookups(ids: ids, repository: try BackendRepository<Item>(backend: backend))),
            ])
    }

    private func scan(_ orchestrator: Orchestrator) -> Workload {
        let statement = Statement(Self.scanSQL)
        let repeats = settings.scanRepeats(rows: settings.rows)
        let backend = self.backend
        return Workload(
            id: "W2", title: "full scan", backend: "PostgreSQL", operationName: "rows", rounds: settings.rounds,
            paths: [
                BenchPath.rawScan("raw C whole result", repeats: repeats, label: "postgres scan") { [self] in sy_postgres_scan(raw, $0, $1, $2) },
                BenchPath.rawScan("raw C single-row mode", repeats: repeats, label: "postgres scan") { [self] in
                    sy_postgres_scan_single_row(raw, $0, $1, $2)
                },
            ] + BenchPath.adapterScans(statement, repeats: repeats, backend: backend, orchestrator: orchestrator),
            note: "ratios are to the faster raw C: the whole result in one PGresult (memory grows with the result), "
                + "or single-row mode (bounded memory, what the adapter does; libpq 15 has no chunked mode).")
    }

    private func bulkInsert() -> Workload {
        let count = settings.insertRows
        let table = "items_w3"
        let backend = self.backend
        let empty: @Sendable () async throws -> Void = {
            try await ReferenceThread.run { [self] in
                var error = sy_error()
                try BenchError.check(sy_postgres_create(raw, table, 0, &error), error, "postgres create \(table)")
            }
        }
        let rowSQL = "INSERT INTO \(table) (id, name, age, score, created) VALUES ($1, $2, $3, $4, $5)"
        return Workload(
            id: "W3", title: "bulk insert", backend: "PostgreSQL", operationName: "rows", rounds: settings.rounds,
            paths: [
                BenchPath(name: "raw C per-row", isReference: true, prepare: empty) {
                    try await ReferenceThread.run { [self] in
                        var error = sy_error()
                        try BenchError.check(sy_postgres_insert_rows(raw, table, Int64(count), &error), error, "postgres insert")
                        return PathRun(operations: count, checksum: Int64(count))
                    }
                },
                BenchPath(name: "raw C COPY", isReference: true, prepare: empty) {
                    try await ReferenceThread.run { [self] in
                        var error = sy_error()
                        try BenchError.check(sy_postgres_copy(raw, table, Int64(count), &error), error, "postgres copy")
                        return PathRun(operations: count, checksum: Int64(count))
                    }
                },
                BenchPath(name: "Backend per-row", prepare: empty) {
                    try await backend.withTransaction { transaction in
                        for id in 1...count { try await transaction.execute(rowSQL, Items.values(Int64(id))) }
                    }
                    return PathRun(operations: count, checksum: Int64(count))
                },
                BenchPath(name: "Backend COPY", target: 0.90, prepare: empty) {
                    let loaded = try await backend.copy(into: table, columns: Items.columns, rows: ItemRows(count: count))
                    return PathRun(operations: loaded, checksum: Int64(loaded))
                },
            ],
            note: "W3 ratios are to raw C's best method in the same round (per-row prepared INSERT or COPY).")
    }

    private func concurrency() -> Workload {
        let tasks = settings.concurrencyTasks
        let seconds = settings.concurrencySeconds
        let maxID = settings.rows
        let url = self.url
        let backend = self.backend
        return Workload(
            id: "W4", title: "concurrent lookups", backend: "PostgreSQL", operationName: "lookups", rounds: settings.rounds,
            checksumsMustAgree: false,
            paths: [
                BenchPath(name: "raw C \(tasks) threads", isReference: true) {
                    try await ReferenceThread.run {
                        var operations: Int64 = 0
                        var error = sy_error()
                        try BenchError.check(
                            sy_postgres_concurrent_lookups(url, Int32(tasks), seconds, Int64(maxID), &operations, &error), error,
                            "postgres concurrent lookups")
                        return PathRun(operations: Int(operations))
                    }
                },
                BenchPath(name: "Backend \(tasks) tasks") {
                    let deadline = Nanoseconds.now() + UInt64(seconds * 1e9)
                    let operations = try await withThrowingTaskGroup(of: Int.self) { group in
                        for task in 0..<tasks {
                            group.addTask {
                                var done = 0
                                let ids = Items.randomIDs(count: 4096, maxID: maxID, seed: 0x9E37_79B9 &* UInt64(task + 1))
                                while Nanoseconds.now() < deadline {
                                    let id = ids[done % ids.count]
                                    let rows = try await backend.query(Statement(Self.lookupSQL, [.int(id)]), options: QueryOptions())
                                    for try await _ in rows {}
                                    done += 1
                                }
                                return done
                            }
                        }
                        return try await group.reduce(0, +)
                    }
                    return PathRun(operations: operations)
                },
            ],
            note: "each path runs \(seconds) s; raw C threads connect before their clock starts, the adapter's pool is already open.")
    }
}
