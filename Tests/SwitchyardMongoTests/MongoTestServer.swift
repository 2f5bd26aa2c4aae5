import Foundation
import Switchyard
import SwitchyardMongo
import Testing

/// The MongoDB-wire server the tests use, from `scripts/mongo-test-server.sh start`.
enum MongoTestServer {
    static let environment = ProcessInfo.processInfo.environment

    /// `SWITCHYARD_TEST_MONGO_URL`, or `nil` when no server was started.
    static let url: String? = environment["SWITCHYARD_TEST_MONGO_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Whether a missing server fails the run instead of disabling the server tests.
    static let isRequired = environment["SWITCHYARD_REQUIRE_SERVERS"] == "1"

    static let missingReason: Comment = "SWITCHYARD_TEST_MONGO_URL is not set: run scripts/mongo-test-server.sh start and source .test-servers/mongo.env"

    /// Enabled when a server is configured, or when one is required (the test then fails with the reason).
    static var available: Bool { url != nil || isRequired }

    /// The URL with timeouts for a shared server under the whole suite's load on two cores: a
    /// new connection's handshake took longer than libmongoc's default 10 s connect timeout in
    /// CI, and the server then counted as down. A stopped server still fails at once (its port refuses).
    static func requireURL(database: String? = nil) throws -> String {
        guard let url else {
            Issue.record(missingReason)
            throw SwitchyardError(.configuration, "\(missingReason)")
        }
        var base = url
        if let database, let scheme = base.range(of: "//"),
            let slash = base.range(of: "/", options: .backwards, range: scheme.upperBound..<base.endIndex)
        {
            base = String(base[..<slash.lowerBound]) + "/" + database
        }
        return base + (base.contains("?") ? "&" : "?") + "serverSelectionTimeoutMS=10000&connectTimeoutMS=30000"
    }

    static func backend(name: String = "docs", database: String? = nil) throws -> MongoBackend {
        try MongoBackend.open(name: name, url: requireURL(database: database))
    }

    /// A collection name no other test or earlier run uses.
    static func uniqueName(_ purpose: String) -> String {
        "t_\(purpose)_\(UUID().uuidString.prefix(8).lowercased())"
    }
}
