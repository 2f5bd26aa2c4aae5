import Foundation
import Switchyard
import SwitchyardPostgres
import Testing

/// The PostgreSQL server the tests talk to: `SWITCHYARD_TEST_POSTGRES_URL`, or the
/// file `scripts/postgres-test-server.sh start` writes.
///
/// Without a server the tests are disabled (so `swift test` on a laptop passes),
/// unless `SWITCHYARD_REQUIRE_SERVERS=1` (the test command sets it): then they run and
/// fail, saying how to start one.
enum PostgresTestServer {
    static let startHint = "run scripts/postgres-test-server.sh start (it writes .test-servers/postgres.env)"

    static let url: String? = {
        if let url = ProcessInfo.processInfo.environment["SWITCHYARD_TEST_POSTGRES_URL"], !url.isEmpty { return url }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        guard let text = try? String(contentsOf: root.appendingPathComponent(".test-servers/postgres.env"), encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("SWITCHYARD_TEST_POSTGRES_URL=") {
            return String(line.dropFirst("SWITCHYARD_TEST_POSTGRES_URL=".count))
        }
        return nil
    }()

    static let isRequired = ProcessInfo.processInfo.environment["SWITCHYARD_REQUIRE_SERVERS"] == "1"

    /// Whether the server tests run: a server is configured, or one is required (and its absence fails them).
    static let isEnabled = url != nil || isRequired

    /// The URL, or a failure saying how to start the server.
    static func requireURL() throws -> String {
        guard let url else {
            throw SwitchyardError(.configuration, "SWITCHYARD_TEST_POSTGRES_URL is not set and no test server is running: \(startHint)")
        }
        return url
    }

    /// `url` with extra query options appended.
    static func url(adding options: String) throws -> String {
        let base = try requireURL()
        return base + (base.contains("?") ? "&" : "?") + options
    }

    /// The password in the test URL, which no error may contain.
    static var password: String? {
        guard let url, let components = URLComponents(string: url) else { return nil }
        return components.password
    }

    /// Opens a backend on the test server.
    static func open(_ name: String = "pg", options: String? = nil) async throws -> PostgresBackend {
        let url = try options.map { try Self.url(adding: $0) } ?? requireURL()
        return try await PostgresBackend.open(name: name, url: url)
    }

    /// A table name no other test uses; ``withBackend(_:options:_:)`` drops the table afterwards.
    static func tableName(_ purpose: String) -> String {
        let name = "t_\(purpose)_\(UUID().uuidString.prefix(8).lowercased())"
        createdNames?.withLock { $0.append(name) }
        return name
    }

    /// The names handed out inside the current ``withBackend(_:options:_:)``.
    @TaskLocal static var createdNames: Locked<[String]>?
}

/// Opens a backend, runs `body`, and shuts the backend down whatever happens.
func withBackend(
    _ name: String = "pg", options: String? = nil, _ body: @Sendable (PostgresBackend) async throws -> Void
) async throws {
    let backend = try await PostgresTestServer.open(name, options: options)
    let names = Locked<[String]>([])
    do {
        try await PostgresTestServer.$createdNames.withValue(names) { try await body(backend) }
    } catch {
        await dropTables(names.value, on: backend)
        throw error
    }
    await dropTables(names.value, on: backend)
}

/// Drops the tests' tables (names that were used for something else are skipped).
private func dropTables(_ names: [String], on backend: PostgresBackend) async {
    for name in names {
        _ = try? await backend.execute("DROP TABLE IF EXISTS \(name) CASCADE")
    }
    await backend.shutdown()
}
