import Foundation
import Switchyard
import SwitchyardBenchReference
import SwitchyardMongo
import SwitchyardPostgres
import SwitchyardSQLite

/// W5: one request fanned out to several backends and concatenated, against the slowest
/// of its legs run alone through the same orchestrator.
///
/// A request carries one statement in one language, so the orchestrator can fan a SQL
/// request out to PostgreSQL and SQLite but not to MongoDB (which runs `.mongo`). The
/// three-backend case is therefore measured twice: the orchestrator's own fan-out over the
/// two SQL backends, and all three legs started concurrently by the caller (each through
/// the orchestrator) and concatenated with ``ResultSet/concatenating(_:)``.
struct FanOutSuite: BenchSuite {
    let settings: BenchSettings
    let sqlite: SQLiteBackend
    let postgres: PostgresBackend
    let mongo: MongoBackend

    /// Opens the three backends on fresh copies of the data (`rows` rows each), loaded by the C reference.
    static func open(settings: BenchSettings, folder: String, postgresURL: String, mongoURL: String) async throws -> FanOutSuite {
        let rows = Int64(min(settings.rows, settings.mongoRows))
        let path = folder + "/fanout.sqlite"
        let database = mongoURL.split(separator: "?").first?.split(separator: "/").last.map(String.init) ?? "test"
        try await ReferenceThread.run {
            var error = sy_error()
            guard let db = sy_sqlite_open(path, &error) else { throw BenchError("sqlite open failed") }
            defer { sy_sqlite_close(db) }
            try BenchError.check(sy_sqlite_create(db, "items", rows, &error), error, "sqlite create")
            guard let pg = sy_postgres_open(postgresURL, &error) else { throw BenchError("postgres connect failed") }
            defer { sy_postgres_close(pg) }
            try BenchError.check(sy_postgres_create(pg, "items", rows, &error), error, "postgres create")
            guard let mongo = sy_mongo_open(mongoURL, database, &error) else { throw BenchError("mongo connect failed") }
            defer { sy_mongo_close(mongo) }
            try BenchError.check(sy_mongo_create(mongo, "items", rows, &error), error, "mongo create")
        }
        return FanOutSuite(
            settings: settings, sqlite: try await SQLiteBackend.open(name: "sqlite", url: "sqlite://" + path),
            postgres: try await PostgresBackend.open(name: "postgres", url: postgresURL),
            mongo: try MongoBackend.open(name: "mongo", url: mongoURL))
    }

    func shutdown() async {
        await sqlite.shutdown()
        await postgres.shutdown()
        await mongo.shutdown()
    }

    /// Each leg reads one row by its key: the test MongoDB server scans a collection for a
    /// range query (140 ms for 10,000 documents), which would only measure that server.
    static let sql = "SELECT id, name, age, score, created FROM items WHERE id = ?"
    static let postgresSQL = "SELECT id, name, age, score, created FROM items WHERE id = $1"
    static let mongoText = "db.items.find({_id: $1})"

    func workloads() throws -> [Workload] {
        let orchestrator = try AdapterPaths.orchestrator([sqlite, postgres, mongo], defaultBackend: sqlite.name)
        let maxStart = min(settings.rows, settings.mongoRows)
        let starts = Items.randomIDs(count: settings.fanOutRequests, maxID: maxStart)
        let legs: [(name: String, statement: @Sendable (Int64) -> Statement)] = [
            (postgres.name, { Statement(Self.postgresSQL, Self.key($0)) }),
            (sqlite.name, { Statement(Self.sql, Self.key($0)) }),
            (mongo.name, { Statement(Self.mongoText, Self.key($0), language: .mongo) }),
        ]
        func alone(_ leg: (name: String, statement: @Sendable (Int64) -> Statement)) -> BenchPath {
            BenchPath(name: "\(leg.name) leg alone", isReference: true) {
                try await Self.requests(starts) { start in
                    try await orchestrator.run(QueryRequest(leg.statement(start), target: .backend(leg.name))).rows
                }
            }
        }
        let sqlFanOut = Workload(
            id: "W5", title: "fan-out (orchestrator)", backend: "PostgreSQL+SQLite", operationName: "requests",
            rounds: settings.rounds, referenceRule: .slowest, checksumsMustAgree: false,
            paths: [
                alone(legs[0]), alone(legs[1]),
                BenchPath(name: "fan-out, concatenated", target: 1 / 1.2) {
                    try await Self.requests(starts) { start in
                        // One text for both legs: SQLite numbers `$1` by first appearance, as PostgreSQL does.
                        try await orchestrator.run(
                            QueryRequest(legs[0].statement(start), target: .backends([postgres.name, sqlite.name]))
                        ).rows
                    }
                },
            ],
            note: "target: fan-out latency at most 1.2 × the slowest leg alone (ratio ≥ 0.83); each leg reads one row by key.")
        let threeWay = Workload(
            id: "W5", title: "fan-out (3 backends)", backend: "PG+SQLite+Mongo", operationName: "requests",
            rounds: settings.rounds, referenceRule: .slowest, checksumsMustAgree: false,
            paths: legs.map(alone) + [
                BenchPath(name: "fan-out, concatenated", target: 1 / 1.2) {
                    try await Self.requests(starts) { start in
                        let results = try await orchestrator.run(legs.map { QueryRequest($0.statement(start), target: .backend($0.name)) })
                        return ResultSet.concatenating(zip(legs, results).map { (source: $0.name, rows: $1.rows) })
                    }
                },
            ],
            note: "one request per backend (MongoDB needs its own language), run together by `Orchestrator.run(_:)` of several requests and concatenated.")
        return [sqlFanOut, threeWay]
    }

    private static func key(_ id: Int64) -> [Value] { [.int(id)] }

    /// Runs one request per start, reading every row; latency per request.
    private static func requests(_ starts: [Int64], _ run: @Sendable (Int64) async throws -> ResultSet) async throws -> PathRun {
        var latencies = [UInt64](repeating: 0, count: starts.count)
        var rows: Int64 = 0
        for (index, start) in starts.enumerated() {
            let begin = Nanoseconds.now()
            for try await _ in try await run(start) { rows += 1 }
            latencies[index] = Nanoseconds.now() - begin
        }
        return PathRun(operations: starts.count, checksum: rows, latenciesNanoseconds: latencies)
    }
}
