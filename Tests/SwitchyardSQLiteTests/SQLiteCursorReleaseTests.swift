import CSQLite
import Foundation
import Switchyard
import Synchronization
import Testing

@testable import SwitchyardSQLite

/// What `probe(x)` does when SQLite calls it for a row: returns `x`, and at `blockAt`, when
/// called off the reader's own thread (an inline batch), says so and waits (ten seconds at
/// most) until told to go on. A C callback captures nothing: the state is global.
private final class Probe: Sendable {
    let blockAt = Atomic<Int64>(-1)
    let readerThread = Atomic<UInt>(0)
    let blocked = Atomic<Bool>(false)
    let proceed = Atomic<Bool>(false)
}

private let probe = Probe()

private final class Flag: Sendable {
    let value = Atomic<Bool>(false)
}

/// A result released by another task — `cancel()` while its holder reads it — is closed
/// only once no batch is being read on the connection: the holder's inline batch steps the
/// statement on the holder's thread, so a close run on the connection's thread meanwhile
/// would reset the statement under it and give the reader back to the pool while in use.
@Suite(.serialized) struct SQLiteCursorReleaseTests {
    /// A plain scan: its first batch (256 rows) steps well inside the inline start's budget.
    static let numbers = "SELECT probe(x) AS x FROM numbers"

    private func installProbe(on connection: SQLiteConnection) async throws {
        let code = try await connection.run {
            sqlite3_create_function_v2(connection.handle.pointer, "probe", 1, SQLITE_UTF8, nil, { context, _, values in
                let x = sqlite3_value_int64(values![0]!)
                if x == probe.blockAt.load(ordering: .acquiring), UInt(pthread_self()) != probe.readerThread.load(ordering: .acquiring) {
                    probe.blocked.store(true, ordering: .releasing)
                    let start = ContinuousClock.now
                    while !probe.proceed.load(ordering: .acquiring), ContinuousClock.now - start < .seconds(10) { usleep(200) }
                }
                sqlite3_result_int64(context, x)
            }, nil, nil, nil)
        }
        try #require(code == SQLITE_OK)
    }

    /// Whether the statement for `sql` on `connection` is between its first step and its reset.
    private func isStepping(_ sql: String, on connection: SQLiteConnection) -> Bool {
        var statement = sqlite3_next_stmt(connection.handle.pointer, nil)
        while let current = statement {
            if let text = sqlite3_sql(current), String(cString: text) == sql { return sqlite3_stmt_busy(current) != 0 }
            statement = sqlite3_next_stmt(connection.handle.pointer, current)
        }
        return false
    }

    @Test func aCancelWhileABatchIsReadInlineClosesOnceTheBatchIsDone() async throws {
        try await withSQLiteBackend("release.db", options: "readers=1") { backend, _ in
            try await backend.execute(
                "CREATE TABLE numbers (x INTEGER PRIMARY KEY); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000) INSERT INTO numbers SELECT x FROM c")
            let reader = try #require(backend.readers?.connections.first)
            try await installProbe(on: reader)
            probe.readerThread.store(try await reader.run { UInt(pthread_self()) }, ordering: .releasing)
            // The first run prepares the statement (on the reader's thread) and caches it.
            #expect(try await backend.query(Self.numbers).collect().count == 3000)
            probe.blocked.store(false, ordering: .releasing)
            probe.proceed.store(false, ordering: .releasing)
            probe.blockAt.store(600, ordering: .releasing)
            defer { probe.blockAt.store(-1, ordering: .releasing); probe.proceed.store(true, ordering: .releasing) }

            // Cached, it starts inline (its first batch, 256 rows) and the consumer reads on
            // inline until row 600, where the probe holds the batch on the consumer's thread. On a
            // loaded machine the start can run past its budget and go to the reader's thread
            // (where the probe lets it through), and the next 64 runs with it: then again.
            var result: ResultSet?
            var consumer: Task<Int, any Error>?
            for _ in 0..<300 where !probe.blocked.load(ordering: .acquiring) {
                let started = try await backend.query(Self.numbers)
                let finished = Flag()
                let reading = Task {
                    defer { finished.value.store(true, ordering: .releasing) }
                    return try await started.collect().count
                }
                while !probe.blocked.load(ordering: .acquiring), !finished.value.load(ordering: .acquiring) {
                    try await Task.sleep(for: .milliseconds(1))
                }
                (result, consumer) = (started, reading)
            }
            let reached = probe.blocked.load(ordering: .acquiring)
            try #require(reached, "no read reached row 600 inline")
            let (blockedResult, blockedConsumer) = (try #require(result), try #require(consumer))
            #expect(backend.readers?.idleCount == 0)

            blockedResult.cancel()
            // Whatever the cancel queued on the reader's thread has run once this job has.
            try await reader.run {}
            let givenBackWhileReading = backend.readers?.idleCount == 1
            // Read while the consumer is held inside the probe, so nothing changes the statement meanwhile.
            let stillStepping = isStepping(Self.numbers, on: reader)
            probe.proceed.store(true, ordering: .releasing)
            let outcome = await blockedConsumer.result
            #expect(!givenBackWhileReading, "the reader went back to its pool while a batch was being read on it")
            #expect(stillStepping, "the statement was reset while a batch was being read from it")

            // The batch ended (cut short by the cancel, or whole), the cursor closed after it,
            // and the reader is back and works.
            if case .success(let count) = outcome { #expect(count < 3000) }
            #expect(backend.readers?.idleCount == 1)
            probe.blockAt.store(-1, ordering: .releasing)
            #expect(try await backend.query(Self.numbers).collect().count == 3000)
        }
    }
}
