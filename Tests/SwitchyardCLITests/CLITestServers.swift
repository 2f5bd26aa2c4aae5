import Foundation
import Switchyard
import Testing

/// The real servers the CLI tests talk to, from the same variables the adapter tests
/// read (`scripts/postgres-test-server.sh start`, `scripts/mongo-test-server.sh start`).
///
/// Without a URL the server tests are disabled, so `swift test` on a laptop passes, unless
/// `SWITCHYARD_REQUIRE_SERVERS=1`: then they run and fail, saying how to start the server.
enum CLITestServers {
    static let environment = ProcessInfo.processInfo.environment
    static let isRequired = environment["SWITCHYARD_REQUIRE_SERVERS"] == "1"

    static let postgresURL = environment["SWITCHYARD_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let mongoURL = environment["SWITCHYARD_TEST_MONGO_URL"].flatMap { $0.isEmpty ? nil : $0 }

    static let postgresMissing: Comment =
        "SWITCHYARD_TEST_POSTGRES_URL is not set: run scripts/postgres-test-server.sh start and export the line it prints"
    static let mongoMissing: Comment =
        "SWITCHYARD_TEST_MONGO_URL is not set: run scripts/mongo-test-server.sh start and source the env file it writes"

    static var postgresAvailable: Bool { postgresURL != nil || isRequired }
    static var mongoAvailable: Bool { mongoURL != nil || isRequired }

    /// The PostgreSQL URL, or a recorded failure saying how to start the server.
    static func requirePostgres() throws -> String {
        guard let postgresURL else {
            Issue.record(postgresMissing)
            throw SwitchyardError(.configuration, "\(postgresMissing)")
        }
        return postgresURL
    }

    /// The MongoDB URL with timeouts for a shared server under the suite's load (see
    /// `MongoTestServer.requireURL` in the adapter's tests), or a recorded failure.
    static func requireMongo() throws -> String {
        guard let mongoURL else {
            Issue.record(mongoMissing)
            throw SwitchyardError(.configuration, "\(mongoMissing)")
        }
        return mongoURL + (mongoURL.contains("?") ? "&" : "?") + "serverSelectionTimeoutMS=10000&connectTimeoutMS=30000"
    }

    /// The password in the PostgreSQL URL, which nothing the binary prints may contain.
    static var postgresPassword: String? {
        postgresURL.flatMap { URLComponents(string: $0)?.password }
    }

    /// A table or collection name no other test or earlier run uses.
    static func uniqueName(_ purpose: String) -> String {
        "cli_\(purpose)_\(UUID().uuidString.prefix(8).lowercased())"
    }
}
