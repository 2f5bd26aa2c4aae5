import Switchyard
import SwitchyardSQLite
import Testing

/// `withReader`: a task holding one reader connection for a series of reads.
@Suite struct SQLiteReaderSessionTests {
    private func withItems<T>(readers: Int = 2, _ body: (SQLiteBackend) async throws -> T) async throws -> T {
        try await withSQLiteBackend("items.db", options: "readers=\(readers)") { backend, _ in
            try await backend.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
            for id in 1...5 { try await backend.execute("INSERT INTO items VALUES (?, ?)", [.int(Int64(id)), .text("item \(id)")]) }
            return try await body(backend)
        }
    }

    @Test func readsThroughTheHeldReaderSeeCommittedRows() async throws {
        try await withItems { backend in
            let names = try await backend.withReader { reader in
                var names: [Value] = []
                for id in [2, 4] {
                    names += try await reader.query("SELECT name FROM items WHERE id = ?", [.int(Int64(id))]).collect().map { $0[0] }
                }
                return names
            }
            #expect(names == [.text("item 2"), .text("item 4")])
        }
    }

    @Test func backendQueriesInsideTheBodyReadAndWriteAsOutsideIt() async throws {
        try await withItems(readers: 1) { backend in
            let count = try await backend.withReader { _ in
                // A write goes to the writer even though the session holds the only reader.
                try await backend.execute("INSERT INTO items VALUES (6, 'item 6')")
                return try await backend.query("SELECT count(*) FROM items").collect().first?[0]
            }
            #expect(count == .int(6))
        }
    }

    @Test func theReaderIsGivenBackWhenTheBodyEndsOrThrows() async throws {
        try await withItems(readers: 1) { backend in
            struct Planned: Error {}
            await #expect(throws: Planned.self) {
                try await backend.withReader { reader in
                    _ = try await reader.query("SELECT * FROM items").collect()
                    throw Planned()
                }
            }
            // With one reader, each of these waits forever unless the previous session gave it back.
            for _ in 0..<3 {
                let rows = try await backend.withReader { reader in try await reader.query("SELECT id FROM items").collect() }
                #expect(rows.count == 5)
            }
        }
    }

    @Test func aResultLeftOpenIsClosedWhenTheBodyReturns() async throws {
        try await withItems { backend in
            // Longer than the first batch, so rows remain to be read after the body.
            let escaped = try await backend.withReader { reader in
                try await reader.query("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000) SELECT i FROM s")
            }
            await #expect(throws: SwitchyardError.self) { _ = try await escaped.collect() }
            #expect(try await backend.query("SELECT count(*) FROM items").collect().first?[0] == .int(5))
        }
    }

    @Test func inMemoryDatabasesRunTheBodyOnTheirOneConnection() async throws {
        let backend = try await SQLiteBackend.open(name: "memory", url: "sqlite::memory:")
        try await backend.execute("CREATE TABLE t (x INTEGER)")
        try await backend.execute("INSERT INTO t VALUES (7)")
        let value = try await backend.withReader { reader in try await reader.query("SELECT x FROM t").collect().first?[0] }
        #expect(value == .int(7))
        await backend.shutdown()
    }
}
