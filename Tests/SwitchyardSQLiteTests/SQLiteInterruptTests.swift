import CSQLite
import Switchyard
import Testing

@testable import SwitchyardSQLite

/// Stopping a statement from another thread (`SQLiteOperation.interrupt`), where it is
/// easy to lose: `sqlite3_step` clears SQLite's own interrupt flag when a statement starts
/// on a connection running no other.
@Suite struct SQLiteInterruptTests {
    /// Counts to 50 million: many seconds of work unless stopped.
    static let long = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50000000) SELECT count(*) FROM c"

    @Test func anInterruptBetweenAJobsStartAndItsFirstStepStillStopsTheStatement() async throws {
        try await withSQLiteBackend { backend, _ in
            let connection = try #require(backend.writer.connections.first)
            let handle = connection.handle
            let (refused, code) = try await connection.run {
                let operation = SQLiteOperation(handle: handle, options: QueryOptions())
                defer { operation.end() }
                var statement: OpaquePointer?
                guard sqlite3_prepare_v2(handle.pointer, Self.long, -1, &statement, nil) == SQLITE_OK else { return (false, SQLITE_ERROR) }
                defer { sqlite3_finalize(statement) }
                let refused = operation.startJob() != nil
                defer { operation.finishJob() }
                // The cancellation lands once the job has started, before SQLite runs the statement.
                operation.interrupt(because: .cancelled)
                return (refused, sqlite3_step(statement))
            }
            #expect(!refused)
            #expect(code == SQLITE_INTERRUPT, "the statement ran to its end")
            // The stop reaches nothing after the job: the connection runs the next statement.
            #expect(try await backend.scalar("SELECT 41 + 1") == .int(42))
            #expect(try await backend.scalar("SELECT count(*) FROM (SELECT 1 UNION ALL SELECT 2)") == .int(2))
        }
    }

    @Test func anInterruptAtTheEndOfAJobDoesNotStopAnotherOpenStatement() async throws {
        try await withSQLiteBackend { backend, _ in
            let connection = try #require(backend.writer.connections.first)
            let handle = connection.handle
            let (first, second, other) = try await connection.run {
                // Another result open on the connection, read halfway (a cursor not yet drained).
                var open: OpaquePointer?
                var short: OpaquePointer?
                defer { sqlite3_finalize(open); sqlite3_finalize(short) }
                let three = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3) SELECT x FROM c"
                guard sqlite3_prepare_v2(handle.pointer, three, -1, &open, nil) == SQLITE_OK,
                    sqlite3_prepare_v2(handle.pointer, "SELECT 42", -1, &short, nil) == SQLITE_OK
                else { return (SQLITE_ERROR, SQLITE_ERROR, SQLITE_ERROR) }
                let first = sqlite3_step(open)
                // An operation whose statement is done, cancelled just before its job ends.
                let operation = SQLiteOperation(handle: handle, options: QueryOptions())
                _ = operation.startJob()
                let other = sqlite3_step(short)
                operation.interrupt(because: .cancelled)
                operation.finishJob()
                operation.end()
                // The open result reads on.
                return (first, sqlite3_step(open), other)
            }
            #expect(first == SQLITE_ROW)
            #expect(other == SQLITE_ROW)
            #expect(second == SQLITE_ROW, "the interrupt meant for a finished job stopped another statement")
        }
    }
}
