import Switchyard
import SwitchyardSQLite
import Testing

@Suite("SQLite execution")
struct SQLiteExecutionTests {
    @Test func insertedRowsReadBackWithTheirSummary() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
            let first = try await backend.execute("INSERT INTO items (name) VALUES (?), (?)", ["a", "b"])
            #expect(first.rowsAffected == 2)
            #expect(first.lastInsertedID == .int(2))
            let updated = try await backend.execute("UPDATE items SET name = upper(name)")
            #expect(updated.rowsAffected == 2)
            #expect(updated.lastInsertedID == nil)
            let rows = try await backend.values("SELECT id, name FROM items ORDER BY id")
            #expect(rows == [[.int(1), .text("A")], [.int(2), .text("B")]])
        }
    }

    /// SQLite's legacy reading of `"name"` as a string when no column has that name made a
    /// misspelt column (a repository field, say) compare two strings and match every row.
    @Test func aDoubleQuotedNameThatIsNoColumnIsAnErrorNotAString() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)")
            try await backend.execute("INSERT INTO items (name) VALUES ('a'), ('b')")
            let error = await #expect(throws: SwitchyardError.self) {
                try await backend.execute(#"DELETE FROM items WHERE "nmae" = 'nmae'"#)
            }
            #expect(error?.message.contains("no such column") == true, "\(String(describing: error))")
            #expect(try await backend.values(#"SELECT count(*) FROM items WHERE "name" = 'a'"#) == [[.int(1)]])
            #expect(try await backend.values("SELECT count(*) FROM items") == [[.int(2)]])
        }
    }

    @Test func selectReportsNoRowsAffected() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let summary = try await backend.execute("SELECT 1 UNION ALL SELECT 2")
            #expect(summary.rowsAffected == nil)
            #expect(summary.rowsReturned == 2)
        }
    }

    @Test func resultColumnsCarryNamesAndDeclaredTypes() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (id INTEGER, note TEXT)")
            let result = try await backend.query("SELECT id, note, 1 + 1 AS two FROM t")
            #expect(result.columns.columns == [Column("id", declaredType: "INTEGER"), Column("note", declaredType: "TEXT"), Column("two")])
            #expect(try await result.collect().isEmpty)
        }
    }

    @Test func wrongNumberOfBindingsIsInvalidInput() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let tooFew = await sqliteError { try await backend.execute("SELECT ?, ?", [1]) }
            #expect(tooFew?.kind == .invalidInput)
            #expect(tooFew?.message.contains("2 parameters but 1 value was bound") == true)
            let tooMany = await sqliteError { try await backend.execute("SELECT 1", [1]) }
            #expect(tooMany?.kind == .invalidInput)
            #expect(tooMany?.message.contains("0 parameters but 1 value was bound") == true)
        }
    }

    @Test func numberedPlaceholdersBindByPosition() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let rows = try await backend.values("SELECT ?2, ?1, ?2", ["a", "b"])
            #expect(rows == [[.text("b"), .text("a"), .text("b")]])
        }
    }

    @Test func cachedStatementGivesTheSameResultsWhenReused() async throws {
        try await withSQLiteBackend(options: "readers=1") { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
            try await backend.execute("INSERT INTO t (name) VALUES ('a'), ('b'), ('c')")
            let sql = "SELECT name FROM t WHERE id >= ? ORDER BY id"
            for _ in 0..<3 {
                #expect(try await backend.values(sql, [2]) == [[.text("b")], [.text("c")]])
                #expect(try await backend.values(sql, [3]) == [[.text("c")]])
                #expect(try await backend.values(sql, [1]) == [[.text("a")], [.text("b")], [.text("c")]])
            }
        }
    }

    @Test func statementCacheCanBeTurnedOff() async throws {
        try await withSQLiteBackend(options: "cache_size=0&readers=1") { backend, _ async throws in
            for i in 0..<3 {
                #expect(try await backend.scalar("SELECT ? * 2", [.int(Int64(i))]) == .int(Int64(i * 2)))
            }
        }
    }

    @Test func sameTextTwiceInOneTransactionUsesTwoStatements() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let rows = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600) SELECT i FROM n"
            try await backend.withTransaction { tx in
                // The first result is still open (600 rows > one batch) when the same text runs again.
                let first = try await tx.query(rows)
                let second = try await tx.query(rows)
                var a = 0
                var b = 0
                for try await _ in first { a += 1 }
                for try await _ in second { b += 1 }
                #expect(a == 600 && b == 600)
            }
        }
    }

    @Test func cachedSelectStarSeesColumnsAddedLater() async throws {
        try await withSQLiteBackend(options: "readers=1") { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (a INTEGER)")
            try await backend.execute("INSERT INTO t VALUES (1)")
            #expect(try await backend.query("SELECT * FROM t").columns.names == ["a"])
            try await backend.execute("ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'x'")
            let result = try await backend.query("SELECT * FROM t")
            #expect(result.columns.names == ["a", "b"])
            #expect(try await result.collect().map(\.values) == [[.int(1), .text("x")]])
        }
    }

    @Test func severalStatementsRunInOrderAndTheLastIsStreamed() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let result = try await backend.query(
                "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES ('x'), ('y'); SELECT v FROM t ORDER BY id;")
            #expect(try await result.collect().map(\.values) == [[.text("x")], [.text("y")]])
            #expect(result.currentSummary.rowsAffected == 2)
        }
    }

    @Test func bindingsWithSeveralStatementsAreRefusedBeforeAnyRuns() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v TEXT)")
            let error = await sqliteError { try await backend.execute("INSERT INTO t VALUES (?); INSERT INTO t VALUES (?)", ["a", "b"]) }
            #expect(error?.kind == .invalidInput)
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(0))
        }
    }

    @Test func temporaryTablesLiveOnTheWriterAndAreStillReadable() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TEMP TABLE scratch (v INTEGER)")
            try await backend.execute("INSERT INTO scratch VALUES (5)")
            #expect(try await backend.scalar("SELECT v FROM scratch") == .int(5))
        }
    }

    @Test func emptyTextGivesAnEmptyResult() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let result = try await backend.query("  -- nothing here\n ;")
            #expect(result.columns.isEmpty)
            #expect(try await result.collect().isEmpty)
        }
    }

    @Test func returningStreamsTheInsertedRows() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
            let result = try await backend.query("INSERT INTO t (v) VALUES ('a'), ('b') RETURNING id, v")
            #expect(try await result.collect().map(\.values) == [[.int(1), .text("a")], [.int(2), .text("b")]])
            #expect(result.currentSummary.rowsAffected == 2)
        }
    }

    @Test func twoHundredThousandRowsStreamWithoutCollecting() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let result = try await backend.query(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) SELECT i FROM n")
            var count = 0
            var last: Value = .null
            for try await row in result {
                count += 1
                last = row[0]
            }
            #expect(count == 200_000)
            #expect(last == .int(200_000))
            #expect(result.currentSummary.rowsReturned == 200_000)
        }
    }

    @Test func abandonedResultGivesItsConnectionBack() async throws {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            for _ in 0..<5 {
                var iterator = try await backend.query("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) SELECT i FROM n").makeAsyncIterator()
                _ = try await iterator.next()
            }
            #expect(try await backend.scalar("SELECT 42") == .int(42))
        }
    }
}
