import Switchyard
import SwitchyardPostgres
import Testing

/// A long result whose connection the server drops while it streams (`pg_terminate_backend`
/// from another connection, as a restart or an operator would): reading fails with a
/// `.connection` error, and the broken connection is closed, not handed to the next query.
@Suite(.enabled(if: PostgresTestServer.isEnabled, "no PostgreSQL test server: \(PostgresTestServer.startHint)"), .timeLimit(.minutes(1)))
struct PostgresStreamLossTests {
    static let long = "SELECT g, repeat('x', 100) AS pad FROM generate_series(1, 5000000) g"

    /// Reads `result`, terminating `pid` once `after` rows have come; the rows read and the error.
    static func readTerminating(
        _ result: ResultSet, pid: Value, after: Int, killer: PostgresBackend
    ) async throws -> (rows: Int, error: SwitchyardError?) {
        var rows = 0
        do {
            for try await _ in result {
                rows += 1
                if rows == after {
                    let terminated = try await killer.query("SELECT pg_terminate_backend($1::int)", [pid]).collect()
                    #expect(terminated.first?[0] == .bool(true))
                }
            }
        } catch let error as SwitchyardError {
            return (rows, error)
        }
        return (rows, nil)
    }

    @Test func aPooledResultLosingItsConnectionFailsAndThePoolReplacesIt() async throws {
        try await withBackend(options: "pool_min=1&pool_max=2") { backend in
            try await withBackend("killer") { killer in
                for round in 0..<2 {
                    let pid = try #require(try await backend.query("SELECT pg_backend_pid()").collect().first?[0])
                    let (rows, error) = try await Self.readTerminating(try await backend.query(Self.long), pid: pid, after: 2_000, killer: killer)
                    #expect(error?.kind == .connection, "round \(round): \(rows) rows, then \(error.map { "\($0)" } ?? "no error")")
                    #expect(error?.backend == "pg")
                    #expect(rows < 5_000_000)
                    #expect(backend.poolStatistics.leased == 0)
                    let answers = try await backend.query(Statement("SELECT $1::int", [.int(Int64(round))])).collect()
                    #expect(answers.first?[0] == .int(Int64(round)))
                }
                #expect(await backend.health().isHealthy)
            }
        }
    }

    @Test func aResultInATransactionLosingItsConnectionFailsTheTransaction() async throws {
        try await withBackend(options: "pool_min=1&pool_max=2") { backend in
            try await withBackend("killer") { killer in
                let error = await #expect(throws: SwitchyardError.self) {
                    try await backend.withTransaction { tx in
                        let pid = try #require(try await tx.query("SELECT pg_backend_pid()").collect().first?[0])
                        let (_, error) = try await Self.readTerminating(try await tx.query(Self.long), pid: pid, after: 2_000, killer: killer)
                        if let error { throw error }
                    }
                }
                #expect(error?.kind == .connection)
                #expect(backend.poolStatistics.leased == 0)
                let answer = try await backend.query("SELECT 1").collect().first?[0]
                #expect(answer == .int(1))
            }
        }
    }
}
