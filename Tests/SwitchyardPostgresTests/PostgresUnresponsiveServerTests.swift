import Foundation
import Switchyard
@testable import SwitchyardPostgres
import SwitchyardTestSupport
import Testing

/// A server that accepts connections and never answers — hung, stopped with `SIGSTOP`, or
/// with its listen queue behind a lost network path. libpq waits for ever by default; the
/// adapter bounds connecting and `health()`. A listening socket nobody accepts from stands in
/// for the server (the kernel completes the handshake, then nothing answers), so these run
/// without PostgreSQL.
@Suite(.timeLimit(.minutes(1)))
struct PostgresUnresponsiveServerTests {
    @Test func connectingWaitsTenSecondsByDefaultAndTheURLsConnectTimeoutWins() async throws {
        let defaulted = try PostgresConnectionString(url: BackendURL("postgres://app@db/shop"))
        if ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] == nil {
            // Before `dbname`: libpq takes keywords in order, so the URI's own setting, expanded there, wins.
            #expect(defaulted.parameters.map(\.keyword).prefix(2) == ["connect_timeout", "dbname"])
            #expect(defaulted.parameters.first?.value == "\(PostgresConnectionString.defaultConnectTimeout)")
        }

        let server = try SilentServer()
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: SwitchyardError.self) {
            _ = try await PostgresBackend.open(name: "silent", url: "postgres://app@127.0.0.1:\(server.port)/shop?connect_timeout=2")
        }
        #expect(clock.now - start < .seconds(8), "the URL's connect_timeout=2 did not win over the default")
        #expect(error?.kind == .connection)
        #expect(error?.message.contains("timeout expired") == true, "\(error.map { "\($0)" } ?? "")")
    }

    @Test func healthSaysDownWhenTheServerDoesNotAnswer() async throws {
        let server = try SilentServer()
        // The connect attempt would give up after 30 s: the message says the limit ended the check.
        let backend = try await PostgresBackend.open(
            name: "silent", url: "postgres://app@127.0.0.1:\(server.port)/shop?pool_min=0&connect_timeout=30")
        let health = await backend.health(within: .milliseconds(300))
        #expect(!health.isHealthy)
        #expect(health.message == "silent: no answer within 300 ms: the server does not respond", "\(health)")
        // The check goes on in the background: closing the listener ends its connect attempt, and the shutdown.
        server.close()
        await backend.shutdown()
    }
}

/// The same against an established connection: the test server behind a ``FreezableProxy``,
/// frozen after the pool's connection was made.
@Suite(.enabled(if: PostgresTestServer.isEnabled, "no PostgreSQL test server: \(PostgresTestServer.startHint)"), .timeLimit(.minutes(1)))
struct PostgresFrozenConnectionTests {
    /// The test server's URL with its port replaced by `proxy`'s, and `options` added.
    static func url(through proxy: FreezableProxy, _ options: String) throws -> String {
        var components = try #require(URLComponents(string: try PostgresTestServer.requireURL()))
        components.port = proxy.port
        return try #require(components.string) + (components.query == nil ? "?" : "&") + options
    }

    static func serverPort() throws -> Int {
        try #require(URLComponents(string: try PostgresTestServer.requireURL())?.port)
    }

    /// A connection idle past `pool_idle_check` is validated before use; a server that does not
    /// answer the validation held the query for as long as it did not, past its acquire timeout.
    @Test func validatingAnIdleConnectionToAServerThatStoppedAnsweringGivesUp() async throws {
        let proxy = try FreezableProxy(targetPort: try Self.serverPort())
        defer { proxy.close() }
        let backend = try await PostgresBackend.open(
            name: "frozen", url: try Self.url(through: proxy, "pool_min=1&pool_max=1&pool_idle_check=100ms&acquire_timeout=1s&connect_timeout=10"))
        _ = try await backend.query("SELECT 1").collect()
        try await Task.sleep(for: .milliseconds(200))
        proxy.freeze()
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: SwitchyardError.self) { _ = try await backend.query("SELECT 1").collect() }
        // Bounded (the validation's 5 s, the acquire timeout's 1 s; more on a loaded machine), where
        // it waited as long as the server was frozen — here, past the test's time limit.
        let waited = clock.now - start
        #expect(waited >= PostgresConnection.validationLimit)
        #expect(waited < .seconds(30), "the query waited \(waited)")
        #expect(error?.kind == .connection, "\(error.map { "\($0)" } ?? "none")")
        #expect(error?.message.contains("opening one has not finished") == true, "\(error.map { "\($0)" } ?? "none")")

        proxy.thaw()
        let answer = try await backend.query("SELECT 2").collect().first?[0]
        #expect(answer == .int(2))
        #expect(await backend.health().isHealthy)
        await backend.shutdown()
    }
    /// A statement whose server stops answering: neither it nor the cancel request its timeout
    /// sends gets an answer. It used to wait as long as the server did not answer; it ends a
    /// little after its timeout (``PostgresOperations/giveUpDelay``), the connection given up.
    @Test(arguments: [false, true])
    func aTimeoutEndsAStatementTheServerNeverAnswers(throughTimeoutProcessor: Bool) async throws {
        let proxy = try FreezableProxy(targetPort: try Self.serverPort())
        defer { proxy.close() }
        let backend = try await PostgresBackend.open(
            name: "frozen", url: try Self.url(through: proxy, "pool_min=1&pool_max=1&connect_timeout=10"))
        _ = try await backend.query("SELECT 1").collect()
        proxy.freeze()
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: SwitchyardError.self) {
            if throughTimeoutProcessor {
                let orchestrator = Orchestrator(backends: BackendRegistry([backend]), processors: [TimeoutProcessor(limit: .milliseconds(500))])
                _ = try await orchestrator.run("SELECT 1").rows.collect()
            } else {
                _ = try await backend.query(Statement("SELECT 1"), options: QueryOptions(timeout: .milliseconds(500))).collect()
            }
        }
        let waited = clock.now - start
        #expect(waited >= .milliseconds(500) + PostgresOperations.giveUpDelay)
        #expect(waited < .seconds(30), "the statement waited \(waited)")
        #expect(error?.kind == .timeout, "\(error.map { "\($0)" } ?? "none")")
        #expect(error?.message.contains("answered neither it nor the cancel request") == true, "\(error.map { "\($0)" } ?? "none")")

        // Once the server answers again, the pool's replacement connection serves the next statement.
        proxy.thaw()
        let answer = try await backend.query("SELECT 2").collect().first?[0]
        #expect(answer == .int(2))
        await backend.shutdown()
    }
}
