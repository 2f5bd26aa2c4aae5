import Foundation
import Switchyard
import SwitchyardSQLite
import Testing

/// Rows made on demand, up to `count` (endless when nil), counting how many were taken.
private struct GeneratedRows: Sequence, Sendable {
    let count: Int?
    let taken = Locked(0)

    func makeIterator() -> AnyIterator<[Value]> {
        var next = 0
        return AnyIterator { [taken, count] in
            if let count, next >= count { return nil }
            next += 1
            taken.withLock { $0 = next }
            return [.int(Int64(next)), .text("row \(next)")]
        }
    }
}

@Suite("SQLite bulk insert")
struct SQLiteBulkInsertTests {
    @Test("every row and every type arrives, in statements of many rows and the rest one by one")
    func insertsEveryRow() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute(
                "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, score REAL, created TIMESTAMP, data BLOB, note TEXT)")
            let start = Timestamp(microsecondsSinceEpoch: 1_700_000_000_000_000)
            let rows: [[Value]] = (1...1_234).map { i in
                [
                    .int(Int64(i)), .text("name \(i) — ünïcode"), .double(Double(i) / 4),
                    .timestamp(Timestamp(microsecondsSinceEpoch: start.microsecondsSinceEpoch + Int64(i))),
                    .bytes([UInt8(i % 256), 0, 255]), i.isMultiple(of: 3) ? .null : .text(""),
                ]
            }
            let inserted = try await backend.insert(
                into: "items", columns: ["id", "name", "score", "created", "data", "note"], rows: rows)
            #expect(inserted == 1_234)
            let read = try await backend.values("SELECT id, name, score, created, data, note FROM items ORDER BY id")
            #expect(read == rows)
        }
    }

    @Test("a row with the wrong number of values fails the insert, naming it, and keeps none of its rows")
    func wrongWidthKeepsNothing() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (id INTEGER, name TEXT)")
            var rows: [[Value]] = (1...300).map { [.int(Int64($0)), .text("n\($0)")] }
            rows[249] = [.int(250)]
            let error = await sqliteError {
                try await backend.insert(into: "t", columns: ["id", "name"], rows: rows)
            }
            #expect(error?.kind == .invalidInput)
            #expect(error?.message.contains("row 250 has 1 value for 2 columns") == true)
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(0))
        }
    }

    @Test("a broken constraint names the rows and keeps nothing; ignore skips, replace overwrites")
    func conflicts() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
            try await backend.execute("INSERT INTO t VALUES (150, 'old')")
            let rows: [[Value]] = (1...250).map { [.int(Int64($0)), .text("new \($0)")] }
            let error = await sqliteError {
                try await backend.insert(into: "t", columns: ["id", "name"], rows: rows)
            }
            #expect(error?.kind == .constraint)
            #expect(error?.message.contains("rows 101–200") == true)
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(1))

            let skipped = try await backend.insert(into: "t", columns: ["id", "name"], rows: rows, onConflict: .ignore)
            #expect(skipped == 249)
            #expect(try await backend.scalar("SELECT name FROM t WHERE id = 150") == .text("old"))

            let replaced = try await backend.insert(
                into: "t", columns: ["id", "name"], rows: [[.int(150), .text("replaced")]], onConflict: .replace)
            #expect(replaced == 1)
            #expect(try await backend.scalar("SELECT name FROM t WHERE id = 150") == .text("replaced"))
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(250))
        }
    }

    @Test("inside a transaction it is a savepoint: a failed insert leaves the transaction's other writes, a rollback takes the insert too")
    func insideATransaction() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
            try await backend.withTransaction { tx in
                try await tx.execute("INSERT INTO t VALUES (1000)")
                let error = await sqliteError {
                    try await backend.insert(into: "t", columns: ["id"], rows: [[.int(1)], [.int(1000)]])
                }
                #expect(error?.kind == .constraint)
                #expect(try await backend.insert(into: "t", columns: ["id"], rows: [[.int(2)], [.int(3)]]) == 2)
            }
            #expect(try await backend.values("SELECT id FROM t ORDER BY id") == [[.int(2)], [.int(3)], [.int(1000)]])

            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                try await backend.withTransaction { _ in
                    try await backend.insert(into: "t", columns: ["id"], rows: [[.int(4)]])
                    throw Abort()
                }
            }
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(3))
        }
    }

    @Test("wide rows go in fewer rows per statement, within SQLite's limit on parameters")
    func wideRows() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let names = (1...1_000).map { "c\($0)" }
            try await backend.execute("CREATE TABLE wide (\(names.map { "\($0) INTEGER" }.joined(separator: ", ")))")
            let rows: [[Value]] = (0..<75).map { row in (0..<1_000).map { .int(Int64(row * 1_000 + $0)) } }
            #expect(try await backend.insert(into: "wide", columns: names, rows: rows) == 75)
            #expect(try await backend.scalar("SELECT sum(c1000) FROM wide") == .int(Int64((0..<75).reduce(0) { $0 + $1 * 1_000 + 999 })))
        }
    }

    @Test("a lazy sequence streams, and cancelling the task stops an endless one with nothing kept")
    func cancellation() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (id INTEGER, name TEXT)")
            let some = GeneratedRows(count: 2_050)
            #expect(try await backend.insert(into: "t", columns: ["id", "name"], rows: some) == 2_050)
            #expect(some.taken.withLock { $0 } == 2_050)

            let endless = GeneratedRows(count: nil)
            let task = Task { try await backend.insert(into: "t", columns: ["id", "name"], rows: endless) }
            while endless.taken.withLock({ $0 }) < 10_000 { try await Task.sleep(for: .milliseconds(5)) }
            task.cancel()
            let error = await sqliteError { _ = try await task.value }
            #expect(error?.kind == .cancelled)
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(2_050))
        }
    }

    @Test("a timeout stops an endless insert with nothing kept")
    func timeout() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (id INTEGER, name TEXT)")
            let error = await sqliteError {
                try await backend.insert(into: "t", columns: ["id", "name"], rows: GeneratedRows(count: nil), timeout: .milliseconds(200))
            }
            #expect(error?.kind == .timeout)
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(0))
        }
    }

    @Test("bad input: no rows inserts nothing; no columns, an unknown table or column fail clearly")
    func badInput() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (id INTEGER)")
            #expect(try await backend.insert(into: "t", columns: ["id"], rows: [[Value]]()) == 0)
            let noColumns = await sqliteError { try await backend.insert(into: "t", columns: [], rows: [[]]) }
            #expect(noColumns?.kind == .invalidInput)
            let many: [[Value]] = (1...500).map { [.int(Int64($0))] }
            let noTable = await sqliteError { try await backend.insert(into: "missing", columns: ["id"], rows: many) }
            #expect(noTable?.message.contains("no such table: missing") == true)
            #expect(noTable?.statement == "INSERT INTO \"missing\" (\"id\") VALUES (?)")
            let noColumn = await sqliteError { try await backend.insert(into: "t", columns: ["nope"], rows: [[.int(1)]]) }
            #expect(noColumn?.message.contains("nope") == true)
            // Names are quoted, never spliced: this is a (missing) table's name, not SQL.
            let odd = await sqliteError { try await backend.insert(into: "t\"; DROP TABLE t; --", columns: ["id"], rows: [[.int(1)]]) }
            #expect(odd?.message.contains("no such table") == true)
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(0))
        }
    }
}
