import CSQLite
import Foundation
import Switchyard
import SwitchyardSQLite
import Testing

/// Date/time values at and beyond the ends of what ``Timestamp`` holds, in a real database
/// file: rows another program wrote read back without trapping, and extreme values bind.
@Suite("SQLite temporal range")
struct SQLiteTemporalRangeTests {
    /// Runs `sql` on the database file at `path` through libsqlite3 itself, as another program would.
    private func writeAsAnotherProgram(_ path: String, _ sql: String) throws {
        var handle: OpaquePointer?
        defer { sqlite3_close(handle) }
        guard sqlite3_open(path, &handle) == SQLITE_OK else { throw SwitchyardError(.connection, "cannot open \(path)") }
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &message) == SQLITE_OK else {
            defer { sqlite3_free(message) }
            throw SwitchyardError(.database, message.map { String(cString: $0) } ?? "sqlite3_exec failed")
        }
    }

    /// The `at` column of an `events (id, at TIMESTAMP)` table that another program filled
    /// with `values` (an `INSERT`'s `VALUES` list), read back in `id` order through the backend.
    private func eventsWrittenByAnotherProgram(_ values: String) async throws -> [Value] {
        let directory = try SQLiteScratchDirectory()
        defer { directory.remove() }
        try writeAsAnotherProgram(
            directory.file("other.db"), "CREATE TABLE events (id INTEGER PRIMARY KEY, at TIMESTAMP); INSERT INTO events VALUES \(values);")
        let backend = try await SQLiteBackend.open(name: "local", url: directory.url("other.db"))
        do {
            let rows = try await backend.values("SELECT at FROM events ORDER BY id").map { $0[0] }
            await backend.shutdown()
            return rows
        } catch {
            await backend.shutdown()
            throw error
        }
    }

    @Test func timestampTextBeyondTheRangeReadsAsTextAndTheScanGoesOn() async throws {
        let rows = try await eventsWrittenByAnotherProgram("""
            (1, '300000-01-01 00:00:00'), (2, '9999999-01-01'), (3, '2024-05-01 12:00:00'),
            (4, '-300000-01-01T00:00:00Z'), (5, '2024-05-01T12:00:00+99:99'), (6, '294247-01-10 04:00:54.775807')
            """)
        #expect(
            rows == [
                .text("300000-01-01 00:00:00"), .text("9999999-01-01"),
                .timestamp(Timestamp(microsecondsSinceEpoch: 1_714_564_800_000_000, hasTimeZone: false)),
                .text("-300000-01-01T00:00:00Z"), .text("2024-05-01T12:00:00+99:99"),
                .timestamp(Timestamp(microsecondsSinceEpoch: .max, hasTimeZone: false)),
            ])
        #expect("\(rows)".contains("294247-01-10T04:00:54.775807"))
    }

    @Test func unixSecondsNearTheEndOfTheRangeDecodeAndPrint() async throws {
        let rows = try await eventsWrittenByAnotherProgram("(1, -9223372036854), (2, 9223372036854), (3, -9223372036855), (4, 9223372036855)")
        #expect(
            rows == [
                .timestamp(Timestamp(microsecondsSinceEpoch: -9_223_372_036_854_000_000)),
                .timestamp(Timestamp(microsecondsSinceEpoch: 9_223_372_036_854_000_000)),
                .int(-9_223_372_036_855), .int(9_223_372_036_855),
            ])
        #expect(rows.map(\.description) == ["-290308-12-21T19:59:06Z", "294247-01-10T04:00:54Z", "-9223372036855", "9223372036855"])
    }

    @Test(arguments: [Int64.max, .min, .max - 1, .min + 1, -9_223_372_036_854_000_000])
    func theFirstAndLastMicrosecondsBindAndReadBack(_ micros: Int64) async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (at TIMESTAMP)")
            let stored = Timestamp(microsecondsSinceEpoch: micros)
            try await backend.execute("INSERT INTO t VALUES (?)", [.timestamp(stored)])
            let inserted = try await backend.insert(into: "t", columns: ["at"], rows: [[.timestamp(stored)]])
            #expect(inserted == 1)
            let read = try await backend.values("SELECT at FROM t").map { $0[0] }
            #expect(read == [.timestamp(stored), .timestamp(stored)])
        }
    }

    @Test func aNaNIsRefusedNamingTheValueInsteadOfBecomingNULL() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (id INTEGER, score REAL)")
            let error = await sqliteError { try await backend.execute("INSERT INTO t VALUES (?, ?)", [.int(1), .double(.nan)]) }
            #expect(error?.kind == .invalidInput)
            #expect(error?.message.contains("cannot bind value 2: NaN cannot be stored") == true, "\(String(describing: error))")
            let bulk = await sqliteError {
                _ = try await backend.insert(into: "t", columns: ["id", "score"], rows: [[.int(1), .double(1)], [.int(2), .double(-.nan)]])
            }
            #expect(bulk?.kind == .invalidInput)
            #expect(bulk?.message.contains("row 2, column 2: cannot bind the value: NaN cannot be stored") == true, "\(String(describing: bulk))")
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(0))
            try await backend.execute("INSERT INTO t VALUES (?, ?)", [.int(3), .double(.infinity)])
            #expect(try await backend.scalar("SELECT score FROM t") == .double(.infinity))
        }
    }
}
