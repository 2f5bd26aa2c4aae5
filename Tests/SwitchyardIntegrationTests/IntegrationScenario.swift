import Foundation
import Switchyard
import SwitchyardMongo
import SwitchyardPostgres
import SwitchyardSQLite
import Testing

/// One end-to-end test's world, wired the way users wire Switchyard: a JSON configuration
/// file read with an environment, then `SwitchyardRuntime.start`.
///
/// The environment holds the servers' URLs plus, per test, `E2E_DIR` (a fresh directory for
/// SQLite files) and `E2E_MONGO_URL` (SecantusDB with a database of this test's own), so files
/// say `"url": "${SWITCHYARD_TEST_POSTGRES_URL}"` or `"url": "sqlite://${E2E_DIR}/local.db"`.
/// Names from ``name(_:)`` are unique per test: the shared servers serve other suites in parallel.
final class IntegrationScenario: Sendable {
    let directory: URL
    let suffix: String
    let environment: [String: String]
    let mongoDatabase: String

    static let drivers = DriverRegistry([SQLiteDriver(), PostgresDriver(), MongoDriver()])

    init() throws {
        suffix = String(UUID().uuidString.prefix(8).lowercased())
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchyard-e2e-\(suffix)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        mongoDatabase = "e2e_\(suffix)"
        var environment = try IntegrationServers.environment()
        environment["E2E_DIR"] = directory.path
        environment["E2E_MONGO_URL"] = Self.mongoURL(environment[IntegrationServers.mongoVariable] ?? "", database: mongoDatabase)
        self.environment = environment
    }

    /// A table or collection name no other test uses.
    func name(_ purpose: String) -> String { "e2e_\(purpose)_\(suffix)" }

    /// `base` pointed at `database`, with timeouts for a shared server under the suite's load (see
    /// `MongoTestServer.requireURL` in the adapter's tests); a stopped server still fails at once.
    static func mongoURL(_ base: String, database: String) -> String {
        var url = base
        if let scheme = url.range(of: "//"), let slash = url.range(of: "/", range: scheme.upperBound..<url.endIndex) {
            url = String(url[..<slash.lowerBound])
        }
        return url + "/" + database + "?serverSelectionTimeoutMS=10000&connectTimeoutMS=30000"
    }

    /// Reads `json` as a configuration file with this scenario's environment (plus `extra`).
    func configuration(_ json: String, extra: [String: String] = [:]) throws -> SwitchyardConfiguration {
        try SwitchyardConfiguration.parse(json, environment: environment.merging(extra) { _, new in new })
    }

    /// Starts a runtime from `json`, runs `body`, then drops what `cleanup` lists and shuts the runtime down.
    func withRuntime<T: Sendable>(
        _ json: String, extra: [String: String] = [:], cleanup: [(backend: String, statement: Statement)] = [],
        _ body: (SwitchyardRuntime) async throws -> T
    ) async throws -> T {
        let runtime = try await SwitchyardRuntime.start(try configuration(json, extra: extra), drivers: Self.drivers)
        do {
            let result = try await body(runtime)
            await finish(runtime, cleanup: cleanup)
            return result
        } catch {
            await finish(runtime, cleanup: cleanup)
            throw error
        }
    }

    private func finish(_ runtime: SwitchyardRuntime, cleanup: [(backend: String, statement: Statement)]) async {
        for step in cleanup {
            _ = try? await runtime.backends.backend(named: step.backend).execute(step.statement)
        }
        await runtime.shutdown()
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Drops this test's own SecantusDB database, through `backend`.
    var dropMongoDatabase: Statement { Statement("db.runCommand({dropDatabase: 1})", language: .mongo) }
}

/// Runs `body` with a fresh scenario and removes its directory afterwards.
func withScenario<T: Sendable>(_ body: (IntegrationScenario) async throws -> T) async throws -> T {
    let scenario = try IntegrationScenario()
    defer { scenario.remove() }
    return try await body(scenario)
}

extension SwitchyardRuntime {
    /// Runs `text` through the whole pipeline and reads every row.
    @discardableResult
    func rows(
        _ text: String, _ bindings: [Value] = [], language: QueryLanguage = .sql, target: TargetHint = .automatic,
        context: CallerContext = CallerContext()
    ) async throws -> (rows: [Row], result: QueryResult) {
        let result = try await orchestrator.run(QueryRequest(Statement(text, bindings, language: language), target: target, context: context))
        return (try await result.rows.collect(), result)
    }

    /// Runs `text` through the pipeline, reads the result to its end, and returns where it went.
    @discardableResult
    func run(
        _ text: String, _ bindings: [Value] = [], language: QueryLanguage = .sql, target: TargetHint = .automatic,
        context: CallerContext = CallerContext()
    ) async throws -> QueryResult {
        try await rows(text, bindings, language: language, target: target, context: context).result
    }

    /// The first processor of type `P` in the global pipeline.
    func processor<P: DataProcessor>(_ type: P.Type) -> P? {
        orchestrator.processors.lazy.compactMap { $0 as? P }.first
    }
}

/// Polls `condition` every 50 ms until it holds or `seconds` pass; whether it held.
func eventually(within seconds: Double = 10, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
