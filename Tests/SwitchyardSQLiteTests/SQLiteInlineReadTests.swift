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

    @Test func aLongResultStartsInlineAndReadsTheRestOnTheThread() async throws {
        try await withItems { backend, _ in
            let text = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000) SELECT x FROM c"
            for _ in 0..<3 {
                var expected: Int64 = 1
                for try await row in try await backend.query(text) {
                    #expect(row[0] == .int(expected))
                    expected += 1
                }
                #expect(expected == 5001)
            }
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
