import Foundation
import Switchyard
import Testing

/// The real servers the end-to-end tests wire together: the PostgreSQL primary and its
/// streaming replica, and SecantusDB (MongoDB wire). Each URL comes from its environment
/// variable, or from the file its `scripts/…-test-server.sh start` writes under `.test-servers/`.
///
/// Without every server the suite is disabled (so `swift test` on a laptop passes), unless
/// `SWITCHYARD_REQUIRE_SERVERS=1` (the test command sets it): then it runs and fails, saying
/// which server to start.
enum IntegrationServers {
    static let postgresVariable = "SWITCHYARD_TEST_POSTGRES_URL"
    static let replicaVariable = "SWITCHYARD_TEST_POSTGRES_REPLICA_URL"
    static let mongoVariable = "SWITCHYARD_TEST_MONGO_URL"
    static let mongoServerVariable = "SWITCHYARD_TEST_MONGO_SERVER"

    private static let scripts = [
        postgresVariable: "scripts/postgres-test-server.sh start",
        replicaVariable: "scripts/postgres-replica-test-server.sh start",
        mongoVariable: "scripts/mongo-test-server.sh start",
        mongoServerVariable: "scripts/mongo-test-server.sh start",
    ]

    /// Every variable the servers' env files define, overridden by the process environment.
    static let values: [String: String] = {
        var values: [String: String] = [:]
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for file in ["postgres.env", "postgres-replica.env", "mongo.env"] {
            let path = root.appendingPathComponent(".test-servers/\(file)")
            guard let text = try? String(contentsOf: path, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") {
                guard let equals = line.firstIndex(of: "=") else { continue }
                values[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
        }
        for name in scripts.keys {
            if let value = ProcessInfo.processInfo.environment[name], !value.isEmpty { values[name] = value }
        }
        return values
    }()

    static let isRequired = ProcessInfo.processInfo.environment["SWITCHYARD_REQUIRE_SERVERS"] == "1"

    /// The servers this suite needs that are not configured.
    static var missing: [String] { scripts.keys.sorted().filter { values[$0] == nil } }

    /// Whether the suite runs: every server is configured, or they are required (and their absence fails the tests).
    static let isEnabled = missing.isEmpty || isRequired

    static let disabledReason: Comment =
        "the end-to-end tests need the PostgreSQL primary and replica and SecantusDB: run scripts/test.sh, or start them with scripts/*-test-server.sh"

    /// The environment a test's configuration file is read with: every server URL, or a failure naming what to start.
    static func environment() throws -> [String: String] {
        if let name = missing.first {
            throw SwitchyardError(.configuration, "\(name) is not set and its server is not running: run \(scripts[name] ?? "scripts/test.sh")")
        }
        return values
    }

    /// The PostgreSQL test password, which no error or message may contain.
    static var postgresPassword: String? {
        values[postgresVariable].flatMap { URLComponents(string: $0)?.password }
    }
}
