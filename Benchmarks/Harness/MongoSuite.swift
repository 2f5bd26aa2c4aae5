import Foundation
import Switchyard
import SwitchyardBenchReference
import SwitchyardMongo

/// W1–W3 on MongoDB: raw libmongoc against the adapter, on the benchmark's own
/// MongoDB-wire server (SecantusDB: slow, so the sizes are smaller; the ratio is what counts).
///
/// `@unchecked Sendable`: the raw client is only used by one path at a time (the runner
/// awaits each run before starting the next), never concurrently.
final class MongoSuite: @unchecked Sendable, BenchSuite {
    let settings: BenchSettings
    private let raw: OpaquePointer
    let backend: MongoBackend

    static let lookupText = "db.items.find({_id: $1}).limit(1)"
    static let scanText = "db.items.find({})"
    /// Documents per `insertMany` statement of the bulk path.
    static let documentsPerBulkStatement = 1000

    init(settings: BenchSettings, url: String) async throws {
        self.settings = settings
        let database = url.split(separator: "?").first?.split(separator: "/").last.map(String.init) ?? "test"
        var error = sy_error()
        guard let raw = sy_mongo_open(url, database, &error) else {
            try BenchError.check(-1, error, "mongo connect")
            throw BenchError("mongo connect failed")
        }
        self.raw = raw
        backend = try MongoBackend.open(name: "mongo", url: url)
        try await ReferenceThread.run { [self] in
            var error = sy_error()
            try BenchError.check(sy_mongo_create(self.raw, "items", Int64(self.settings.mongoRows), &error), error, "mongo create")
        }
    }

    func shutdown() async {
        await backend.shutdown()
        sy_mongo_close(raw)
    }

    func workloads() throws -> [Workload] {
        let orchestrator = try AdapterPaths.orchestrator([backend], defaultBackend: backend.name)
        return [try pointLookups(orchestrator), scan(orchestrator), bulkInsert()]
    }

    private func pointLookups(_ orchestrator: Orchestrator) throws -> Workload {
        let ids = Items.randomIDs(count: settings.mongoLookups, maxID: settings.mongoRows)
        let statement: @Sendable (Int64) -> Statement = { Statement(Self.lookupText, [.int($0)], language: .mongo) }
        let backend = self.backend
        return Workload(
            id: "W1", title: "point lookups", backend: "MongoDB", operationName: "lookups", rounds: settings.rounds,
            paths: [
                BenchPath.rawLookups(ids: ids, label: "mongo lookups") { [self] in sy_mongo_point_lookups(raw, $0, $1, $2, $3, $4) },
            ] + BenchPath.adapterLookups(ids: ids, statement: statement, backend: backend, orchestrator: orchestrator) + [
                BenchPath(name: "Repository", run: AdapterPaths.repositoryLookups(ids: ids, repository: try BackendRepository<Item>(backend: backend))),
            ])
    }

    private func scan(_ orchestrator: Orchestrator) -> Workload {
        let statement = Statement(Self.scanText, language: .mongo)
        let repeats = 1  // the test server is slow enough that one scan is long enough to time
        let backend = self.backend
        return Workload(
            id: "W2", title: "full scan", backend: "MongoDB", operationName: "rows", rounds: settings.rounds,
            paths: [
                BenchPath.rawScan(repeats: repeats, label: "mongo scan") { [self] in sy_mongo_scan(raw, $0, $1, $2) },
            ] + BenchPath.adapterScans(statement, repeats: repeats, backend: backend, orchestrator: orchestrator))
    }

    private func bulkInsert() -> Workload {
        let count = settings.mongoInsertRows
        let collection = "items_w3"
        let backend = self.backend
        let empty: @Sendable () async throws -> Void = {
            try await ReferenceThread.run { [self] in
                var error = sy_error()
                try BenchError.check(sy_mongo_drop(raw, collection, &error), error, "mongo drop \(collection)")
            }
        }
        let document: @Sendable (Int) -> String = { first in
            "{_id: $\(first), name: $\(first + 1), age: $\(first + 2), score: $\(first + 3), created: $\(first + 4)}"
        }
        let oneText = "db.\(collection).insertOne(\(document(1)))"
        let perStatement = Self.documentsPerBulkStatement
        let manyText: @Sendable (Int) -> String = { documents in
            "db.\(collection).insertMany([" + (0..<documents).map { document($0 * 5 + 1) }.joined(separator: ", ") + "])"
        }
        let fullManyText = manyText(perStatement)
        return Workload(
            id: "W3", title: "bulk insert", backend: "MongoDB", operationName: "rows", rounds: settings.rounds,
            paths: [
                BenchPath(name: "raw C insert_one", isReference: true, prepare: empty) {
                    try await ReferenceThread.run { [self] in
                        var error = sy_error()
                        try BenchError.check(sy_mongo_insert(raw, collection, Int64(count), 0, &error), error, "mongo insert_one")
                        return PathRun(operations: count, checksum: Int64(count))
                    }
                },
                BenchPath(name: "raw C insert_many", isReference: true, prepare: empty) {
                    try await ReferenceThread.run { [self] in
                        var error = sy_error()
                        try BenchError.check(sy_mongo_insert(raw, collection, Int64(count), 1, &error), error, "mongo insert_many")
                        return PathRun(operations: count, checksum: Int64(count))
                    }
                },
                BenchPath(name: "Backend insertOne", prepare: empty) {
                    for id in 1...count {
                        try await backend.execute(Statement(oneText, Items.values(Int64(id)), language: .mongo))
                    }
                    return PathRun(operations: count, checksum: Int64(count))
                },
                BenchPath(name: "Backend insertMany", target: 0.90, prepare: empty) {
                    var id = 1
                    while id <= count {
                        let documents = min(perStatement, count - id + 1)
                        var values: [Value] = []
                        values.reserveCapacity(documents * 5)
                        for offset in 0..<documents { values += Items.values(Int64(id + offset)) }
                        let text = documents == perStatement ? fullManyText : manyText(documents)
                        try await backend.execute(Statement(text, values, language: .mongo))
                        id += documents
                    }
                    return PathRun(operations: count, checksum: Int64(count))
                },
            ],
            note: "no transaction on MongoDB (the test server is a standalone); insertMany statements of \(perStatement) documents.")
    }
}
