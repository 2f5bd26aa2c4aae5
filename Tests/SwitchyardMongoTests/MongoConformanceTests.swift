import Foundation
import Switchyard
import SwitchyardConformance
import SwitchyardMongo
import Testing

/// How the shared conformance suite talks to MongoDB: collections for tables, `.mongo`
/// statements with `$N` placeholders for everything, a unique index for the key.
struct MongoConformanceFixture: ConformanceFixture {
    /// The server URL; the shared test server when `nil`.
    var url: String?

    var valueKinds: Set<ValueKind> {
        [.bool, .int, .double, .decimal, .text, .bytes, .timestamp, .uuid, .document, .array]
    }

    var options: ConformanceOptions {
        // Reading a collection that does not exist returns nothing in MongoDB, by design.
        ConformanceOptions(missingTableIsError: false, catalogReportsPrimaryKeys: false, largeResultRowCount: 20_000, concurrentTasks: 8)
    }

    func samples(for kind: ValueKind) -> [Value] {
        switch kind {
        // BSON dates hold milliseconds: the standard samples' microseconds cannot survive.
        case .timestamp:
            return ["1970-01-01T00:00:00Z", "2024-05-01T12:30:00.123Z", "1969-12-31T23:59:59.999Z", "1900-01-01T00:00:00.001Z",
                    "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"].compactMap { Timestamp(iso8601: $0).map(Value.timestamp) }
        // Decimal128 holds 34 significant digits: the 40-digit samples are left out.
        case .decimal:
            return ConformanceSamples.values(for: .decimal).filter { value in
                guard case .decimal(let d) = value else { return true }
                return d.text.filter(\.isNumber).drop { $0 == "0" }.count <= 34
            }
        default:
            return ConformanceSamples.values(for: kind)
        }
    }

    func makeBackend() async throws -> any Backend {
        try await MongoBackend.connect(BackendConfiguration(name: "conformance", url: BackendURL(url ?? MongoTestServer.requireURL())))
    }

    func createTable(_ table: ConformanceTable, on executor: any QueryExecutor) async throws {
        try await executor.execute(Statement("db.createCollection(\(quoted(table.name)))", language: .mongo))
        if let key = table.primaryKey {
            // Sparse, so documents without the field (the repository keeps its key in _id) do not collide.
            try await executor.execute(Statement(
                "db.getCollection(\(quoted(table.name))).createIndex({\(quoted(key.name)): 1}, {unique: true, sparse: true})", language: .mongo))
        }
    }

    func dropTable(named name: String, on executor: any QueryExecutor) async throws {
        try await executor.execute(Statement("db.getCollection(\(quoted(name))).drop()", language: .mongo))
    }

    func insert(into table: String, columns: [String], rows: [[Value]]) -> Statement {
        var bindings: [Value] = []
        let documents = rows.map { row -> String in
            let fields = zip(columns, row).map { column, value -> String in
                bindings.append(value)
                return "\(quoted(column)): $\(bindings.count)"
            }
            return "{" + fields.joined(separator: ", ") + "}"
        }
        return Statement("db.getCollection(\(quoted(table))).insertMany([\(documents.joined(separator: ", "))])", bindings, language: .mongo)
    }

    func select(_ columns: [String], from table: String, where filter: ConformanceFilter?, orderBy: String?) -> Statement {
        let projection = (["\"_id\": 0"] + columns.map { "\(quoted($0)): 1" }).joined(separator: ", ")
        var text = "db.getCollection(\(quoted(table))).find(\(filterText(filter)), {\(projection)})"
        if let orderBy { text += ".sort({\(quoted(orderBy)): 1})" }
        return Statement(text, filter.map { [$0.value] } ?? [], language: .mongo)
    }

    func count(in table: String, where filter: ConformanceFilter?) -> Statement {
        Statement("db.getCollection(\(quoted(table))).countDocuments(\(filterText(filter)))", filter.map { [$0.value] } ?? [], language: .mongo)
    }

    func invalidStatement() -> Statement {
        Statement("db.items.find({name: })", language: .mongo)
    }

    private func filterText(_ filter: ConformanceFilter?) -> String {
        guard let filter else { return "{}" }
        return "{\(quoted(filter.column)): {$eq: $1}}"
    }

    private func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

@Suite(.enabled(if: MongoTestServer.available, MongoTestServer.missingReason), .timeLimit(.minutes(2)))
struct MongoConformanceTests {
    static let suite = ConformanceSuite(fixture: MongoConformanceFixture(), timeLimit: .seconds(60))

    @Test(arguments: ConformanceSuite.Check.allCases)
    func conformance(_ check: ConformanceSuite.Check) async throws {
        _ = try MongoTestServer.requireURL()
        let outcome = try await MongoConformanceTests.suite.run(check)
        if case .skipped(let reason) = outcome {
            // Only what MongoDB lacks may skip: transactions on a standalone server, value kinds
            // BSON has no type for (date, time), and missing tables (not an error in MongoDB).
            let allowed = ["transactions", "savepoint", "does not declare date", "does not declare time", "missing table"]
            #expect(allowed.contains { reason.contains($0) }, "\(check) skipped: \(reason)")
        }
    }
}

/// The transaction checks against a private SecantusDB that presents itself as a
/// single-node replica set, where MongoDB offers transactions.
@Suite(.enabled(if: MongoTestServer.available, MongoTestServer.missingReason), .timeLimit(.minutes(2)))
struct MongoReplicaSetConformanceTests {
    @Test func transactionsOnAReplicaSet() async throws {
        _ = try MongoTestServer.requireURL()
        let server = PrivateMongoServer(standalone: false)
        defer { server.remove() }
        try server.start()
        let probe = try MongoBackend.open(name: "probe", url: server.url)
        #expect(await PrivateMongoServer.waitUntilHealthy(probe), "the private server never answered")
        await probe.shutdown()

        let suite = ConformanceSuite(fixture: MongoConformanceFixture(url: server.url), timeLimit: .seconds(30))
        for check in [ConformanceSuite.Check.transactionCommits, .transactionRollsBackWhenBodyThrows, .transactionRollsBackAfterFailedStatement,
                      .healthAndCapabilities, .repositoryCRUD] {
            #expect(try await suite.run(check) == .passed, "\(check)")
        }
    }

    @Test func aStandaloneServerDeclaresNoTransactions() async throws {
        let backend = try await MongoBackend.connect(BackendConfiguration(name: "standalone", url: BackendURL(MongoTestServer.requireURL())))
        #expect(!backend.capabilities.supports(.transactions))
        let error = try await #require(throws: SwitchyardError.self) { try await backend.withTransaction { _ in 1 } }
        #expect(error.kind == .unsupported)
        await backend.shutdown()
    }
}
