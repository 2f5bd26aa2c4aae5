import Switchyard
import SwitchyardConformance
import Testing

@testable import SwitchyardSQLite

/// Reads that start on the caller's thread (`SQLiteConnection.runInline`): a cached read
/// on a reader checked out of its pool runs there, with no hand-off to the reader's
/// thread; a read past the inline budget runs again on the thread, whole.
@Suite struct SQLiteInlineReadTests {
    static let lookup = "SELECT name FROM items WHERE id = ?"
    /// Sorts 200,000 generated numbers before its first row: far past the inline budget.
    static let sortedNumbers =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000) SELECT x FROM c ORDER BY x DESC"

    private func withItems<T>(_ body: (SQLiteBackend, SQLiteConnection) async throws -> T) async throws -> T {
        try await withSQLiteBackend("inline.db", options: "readers=1") { backend, _ in
            try await backend.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
            for id in 1...5 { try await backend.execute("INSERT INTO items VALUES (?, ?)", [.int(Int64(id)), .text("item \(id)")]) }
            let reader = try #require(backend.readers?.connections.first)
            return try await body(backend, reader)
        }
    }

    @Test func aCachedLookupRunsWhileTheReadersThreadIsBusy() async throws {
        try await withItems { backend, reader in
            // The first run prepares the statement on the reader's thread and caches it.
            #expect(try await backend.query(Self.lookup, [.int(2)]).collect().map { $0[0] } == [.text("item 2")])
            let (names, threadWasBusy) = try await whileThreadIsBusy(reader.thread, seconds: 20) {
                var names: [Value] = []
                for id in 1...5 { names += try await backend.query(Self.lookup, [.int(Int64(id))]).collect().map { $0[0] } }
                return names
            }
            #expect(names == (1...5).map { .text("item \($0)") })
            #expect(threadWasBusy, "the lookups waited for the reader's thread")
        }
    }

    @Test func aReadPastTheBudgetRunsAgainOnTheThreadWithEveryRowOnce() async throws {
        try await withItems { backend, reader in
            let first = try await backend.query(Self.sortedNumbers).collect()
            #expect(first.count == 200_000)
            // Cached now: the next run starts inline, runs out of budget while sorting and
            // goes to the thread, so it cannot finish before the thread is free.
            let (rows, threadWasBusy) = try await whileThreadIsBusy(reader.thread, seconds: 0.5) {
                try await backend.query(Self.sortedNumbers).collect()
            }
            #expect(!threadWasBusy, "the read finished inline although it ran past the budget")
            #expect(rows.count == 200_000)
            #expect(rows.first?[0] == .int(200_000))
            #expect(rows.last?[0] == .int(1))
            // It rests on the thread for a while: the next runs do not spend the budget again.
            let (again, stillBusy) = try await whileThreadIsBusy(reader.thread, seconds: 0.5) {
                try await backend.query(Self.sortedNumbers).collect().count
            }
            #expect(again == 200_000)
            #expect(!stillBusy)
            // Other statements still run inline.
            _ = try await backend.query(Self.lookup, [.int(1)]).collect()
            let (name, busy) = try await whileThreadIsBusy(reader.thread, seconds: 20) {
                try await backend.query(Self.lookup, [.int(3)]).collect().first?[0]
            }
            #expect(name == .text("item 3"))
            #expect(busy)
        }
    }

    @Test func aLongResultThatStartedInlineReadsEveryBatchInlineInOrder() async throws {
        try await withItems { backend, reader in
            try await backend.insert(into: "items", columns: ["id", "name"], rows: (6...30_000).map { [.int(Int64($0)), .text("item \($0)")] })
            // A start can still run past its (timed) budget on a loaded machine and go to the thread,
            // and the statement then rests there: each attempt has a text of its own.
            var readInline = false
            for attempt in 1...3 where !readInline {
                let text = "SELECT id FROM items -- attempt \(attempt)"
                // The first run prepares and caches the statement on the reader's thread.
                #expect(try await backend.query(text).collect().count == 30_000)
                // 30,000 rows are many batches; each one ends at the batch size or the inline budget.
                let (expected, threadWasBusy) = try await whileThreadIsBusy(reader.thread, seconds: 5) {
                    try await countingRows(of: try await backend.query(text))
                }
                #expect(expected == 30_001, "rows out of order or missing from \(expected)")
                readInline = threadWasBusy
            }
            #expect(readInline, "every attempt's batches waited for the reader's thread")
        }
    }

    @Test func aStartWhoseFirstBatchOutlastsTheBudgetEndsItEarlyAndStaysInline() async throws {
        try await withItems { backend, reader in
            // Each row skips 15 generated ones: the first row comes at once, but the start's
            // 256 rows take longer than its 200 µs. The batch ends at a row instead of the
            // statement being stopped and read again, batch by batch, on the thread.
            let expected = (1...10_000).map { Value.int(Int64($0 * 16)) }
            var readInline = false
            for attempt in 1...3 where !readInline {
                // A first row later than 200 µs (a loaded machine) still sends the statement to the thread.
                let text = """
                    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 160000)
                    SELECT x FROM c WHERE x % 16 = 0 -- attempt \(attempt)
                    """
                // The first run prepares and caches the statement on the reader's thread.
                #expect(try await backend.query(text).collect().map { $0[0] } == expected)
                let (rows, threadWasBusy) = try await whileThreadIsBusy(reader.thread, seconds: 5) {
                    try await backend.query(text).collect().map { $0[0] }
                }
                #expect(rows == expected)
                readInline = threadWasBusy
            }
            #expect(readInline, "every attempt's start was stopped and read on the reader's thread")
        }
    }

    @Test func aReadThatStartedOnTheThreadReadsItsLaterBatchesInline() async throws {
        try await withItems { backend, reader in
            try await backend.insert(into: "items", columns: ["id", "name"], rows: (6...30_000).map { [.int(Int64($0)), .text("item \($0)")] })
            // Not prepared on this reader yet (each reader caches its own statements): the read
            // starts on the reader's thread. Its later batches need nothing from that thread.
            let result = try await backend.query("SELECT id FROM items")
            let (expected, threadWasBusy) = try await whileThreadIsBusy(reader.thread, seconds: 5) {
                try await countingRows(of: result)
            }
            #expect(expected == 30_001, "rows out of order or missing from \(expected)")
            #expect(threadWasBusy, "the batches after a start on the thread waited for the reader's thread")
        }
    }

    @Test func aReadWhoseRowsAreSlowToStepGoesOnOnTheThread() async throws {
        try await withItems { backend, reader in
            // Its first 300 rows come at once (the start's batch is inline), then each row skips
            // ~20,000 generated ones: the next inline batch reaches few rows before its budget runs out.
            let text = """
                WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 400000)
                SELECT x FROM c WHERE x <= 300 OR x % 20000 = 0
                """
            let expected = (1...300).map { Value.int(Int64($0)) } + (1...20).map { .int(Int64($0 * 20_000)) }
            #expect(try await backend.query(text).collect().map { $0[0] } == expected)
            let (rows, threadWasBusy) = try await whileThreadIsBusy(reader.thread, seconds: 0.5) {
                try await backend.query(text).collect().map { $0[0] }
            }
            #expect(rows == expected)
            #expect(!threadWasBusy, "a read whose rows step slowly stayed on the caller's thread")
        }
    }

    @Test func anInlineReadThatFailsGivesTheReaderBack() async throws {
        try await withItems { backend, reader in
            let failing = "SELECT json_extract(?, '$.a')"
            #expect(try await backend.query(failing, [.text("{\"a\": 1}")]).collect().first?[0] == .int(1))
            _ = try await backend.query(Self.lookup, [.int(1)]).collect()
            for _ in 0..<3 {
                let error = await sqliteError { _ = try await backend.query(failing, [.text("not json")]).collect() }
                #expect(error?.message.contains("malformed JSON") == true)
            }
            // One reader: each of these waits forever unless the failed reads gave it back.
            let (names, busy) = try await whileThreadIsBusy(reader.thread, seconds: 20) {
                try await backend.query(Self.lookup, [.int(4)]).collect().map { $0[0] }
            }
            #expect(names == [.text("item 4")])
            #expect(busy)
        }
    }

    @Test func aCancelledTasksInlineReadFailsAsCancelled() async throws {
        try await withItems { backend, _ in
            _ = try await backend.query(Self.lookup, [.int(1)]).collect()
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await backend.query(Self.lookup, [.int(1)]).collect()
            }
            let error = await sqliteError { _ = try await task.value }
            #expect(error?.kind == .cancelled)
            #expect(try await backend.query(Self.lookup, [.int(5)]).collect().first?[0] == .text("item 5"))
        }
    }

    @Test func inlineReadsSeeCommittedRowsWhileAWriteIsOpen() async throws {
        try await withItems { backend, _ in
            let count = "SELECT count(*) FROM items"
            #expect(try await backend.scalar(count) == .int(5))
            try await backend.withTransaction { transaction in
                try await transaction.execute("INSERT INTO items VALUES (6, 'item 6')")
                // The writer holds the write lock; a reader still reads the last commit, inline.
                // (Detached: inside the body, `query` on the backend would join the transaction.)
                let seen = try await Task.detached { try await backend.scalar(count) }.value
                #expect(seen == .int(5))
            }
            #expect(try await backend.scalar(count) == .int(6))
        }
    }
}
