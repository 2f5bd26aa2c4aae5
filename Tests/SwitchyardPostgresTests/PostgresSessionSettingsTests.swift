import Switchyard
import SwitchyardPostgres
import Testing

/// A `SET` sent as a plain statement changes the session of the pooled connection it ran on;
/// whoever gets that connection next must not run with it. One connection in the pool, so
/// the next request surely gets the same one.
@Suite(.enabled(if: PostgresTestServer.isEnabled, "no PostgreSQL test server: \(PostgresTestServer.startHint)"), .timeLimit(.minutes(1)))
struct PostgresSessionSettingsTests {
    private func open(_ options: String = "") async throws -> PostgresBackend {
        try await PostgresBackend.open(name: "qa_left_settings", url: try PostgresTestServer.url(adding: "pool_max=1" + options))
    }

    private func show(_ setting: String, on backend: PostgresBackend) async throws -> Value? {
        try await backend.query("SHOW \(setting)").collect().first?[0]
    }

    @Test func aSettingDoesNotReachTheNextRequestOnTheSameConnection() async throws {
        let backend = try await open()
        let pid = try await backend.query("SELECT pg_backend_pid()").collect().first?[0]
        let defaultPath = try await show("search_path", on: backend)
        _ = try await backend.query("SET search_path = qa_left_elsewhere").collect()
        _ = try await backend.query("  set statement_timeout = '1ms'").collect()
        #expect(try await show("search_path", on: backend) == defaultPath)
        #expect(try await show("statement_timeout", on: backend) == .text("0"))
        // The same connection, reset rather than replaced.
        #expect(try await backend.query("SELECT pg_backend_pid()").collect().first?[0] == pid)
        await backend.shutdown()
    }

    @Test func theURLsSessionOptionsSurviveTheReset() async throws {
        let backend = try await open("&options=-c%20search_path%3Dqa_left_default")
        _ = try await backend.query("SET search_path = qa_left_elsewhere").collect()
        #expect(try await show("search_path", on: backend) == .text("qa_left_default"))
        await backend.shutdown()
    }

    @Test func aSettingLastsForTheSessionItWasMadeIn() async throws {
        let backend = try await open()
        let inside = try await backend.withSession {
            _ = try await backend.query("SET search_path = qa_left_session").collect()
            return try await show("search_path", on: backend)
        }
        #expect(inside == .text("qa_left_session"))
        #expect(try await show("search_path", on: backend) != .text("qa_left_session"))
        await backend.shutdown()
    }

    @Test func aSettingMadeInATransactionEndsWithTheConnectionsTurn() async throws {
        let backend = try await open()
        try await backend.withTransaction { tx in
            _ = try await tx.query("SET search_path = qa_left_tx").collect()
        }
        #expect(try await show("search_path", on: backend) != .text("qa_left_tx"))
        // SET LOCAL ends with its transaction anyway; statements still prepare and run after a reset.
        let one = try await backend.query(Statement("SELECT $1::int", [.int(1)])).collect().first?[0]
        _ = try await backend.query("SET search_path = qa_left_elsewhere").collect()
        #expect(try await backend.query(Statement("SELECT $1::int", [.int(1)])).collect().first?[0] == one)
        await backend.shutdown()
    }
}
