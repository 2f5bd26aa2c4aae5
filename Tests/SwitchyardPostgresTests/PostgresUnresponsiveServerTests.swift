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
        let backend = try await PostgresBackend.open(
            name: "silent", url: "postgres://app@127.0.0.1:\(server.port)/shop?pool_min=0&connect_timeout=5")
        let clock = ContinuousClock()
        let start = clock.now
        let health = await backend.health(within: .milliseconds(300))
        // Well before the connect attempt gives up (5 s), even on a loaded machine; the message says
        // which ended the check.
        #expect(clock.now - start < .seconds(4), "health() waited for the server past its limit")
        #expect(!health.isHealthy)
        #expect(health.message == "silent: no answer within 300 ms: the server does not respond", "\(health)")
        await backend.shutdown()
    }
}
