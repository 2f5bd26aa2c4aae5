import Switchyard
import SwitchyardSQLite
import Testing

/// `Orchestrator.withSession` on SQLite: a series of requests by one task (run as it is: SQLite's reads need no session).
@Suite struct OrchestratorSessionTests {
    @Test func readsInASessionAnswerAndWritesStillWork() async throws {
        let directory = try SQLiteScratchDirectory()
        defer { directory.remove() }
        let backend = try await SQLiteBackend.open(name: "local", url: directory.url("session.db"))
        let orchestrator = Orchestrator(backends: BackendRegistry([backend]), processors: [RowLimitProcessor(limit: 10), MetricsProcessor()])
        _ = try await orchestrator.run("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)").rows.collect()
        for id in 1...50 {
            _ = try await orchestrator.run("INSERT INTO users VALUES ($1, $2)", [.int(Int64(id)), .text("user \(id)")]).rows.collect()
        }

        let names = try await orchestrator.withSession(on: "local") {
            var names: [String] = []
            for id in stride(from: 1, through: 50, by: 7) {
                let rows = try await orchestrator.run("SELECT name FROM users WHERE id = $1", [.int(Int64(id))]).rows.collect()
                names.append(try rows[0].decode("name", as: String.self))
            }
            // A write inside the session goes to the writer and is seen by the next read.
            _ = try await orchestrator.run("UPDATE users SET name = 'renamed' WHERE id = 1").rows.collect()
            let renamed = try await orchestrator.run("SELECT name FROM users WHERE id = 1").rows.collect()
            names.append(try renamed[0].decode("name", as: String.self))
            return names
        }
        #expect(names == stride(from: 1, through: 50, by: 7).map { "user \($0)" } + ["renamed"])
        // After the session the backend is as before.
        #expect(try await orchestrator.run("SELECT count(*) FROM users").rows.collect().first?[0] == .int(50))
        await backend.shutdown()
    }

    @Test func aBackendWithoutSessionsRunsTheBodyAsItIs() async throws {
        let backend = try await SQLiteBackend.open(name: "mem", url: "sqlite::memory:")
        let orchestrator = Orchestrator(backends: BackendRegistry([backend]))
        let value = try await orchestrator.withSession(on: "mem") {
            try await orchestrator.run("SELECT 41 + 1").rows.collect().first?[0]
        }
        #expect(value == .int(42))
        await #expect(throws: SwitchyardError.self) { try await orchestrator.withSession(on: "nowhere") { 1 } }
        await backend.shutdown()
    }
}
