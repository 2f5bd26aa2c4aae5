import Foundation
import Switchyard
import SwitchyardSQLite
import Testing

@Suite("SQLite value decoding")
struct SQLiteDecodingTests {
    /// Stores `stored` (bound) in a column declared `type` and reads it back.
    private func roundTrip(_ type: String, _ stored: Value) async throws -> Value {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v \(type))")
            try await backend.execute("INSERT INTO t VALUES (?)", [stored])
            return try await backend.scalar("SELECT v FROM t")
        }
    }

    /// Stores SQL literal `literal` in a column declared `type` and reads it back.
    private func read(_ type: String, literal: String) async throws -> Value {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v \(type))")
            try await backend.execute("INSERT INTO t VALUES (\(literal))")
            return try await backend.scalar("SELECT v FROM t")
        }
    }

    @Test func storageClassesDecodeAsThemselves() async throws {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            let row = try await backend.values("SELECT 7, 2.5, 'text', x'00ff', NULL")
            #expect(row == [[.int(7), .double(2.5), .text("text"), .bytes([0, 255]), .null]])
        }
    }

    @Test func booleanColumnsDecodeAsBool() async throws {
        #expect(try await roundTrip("BOOLEAN", .bool(true)) == .bool(true))
        #expect(try await roundTrip("BOOL", .bool(false)) == .bool(false))
        #expect(try await read("BOOLEAN", literal: "'true'") == .bool(true))
        #expect(try await read("BOOLEAN", literal: "2") == .int(2))
    }

    @Test func dateColumnsDecodeAsDate() async throws {
        let date = try #require(CalendarDate(year: 2024, month: 2, day: 29))
        #expect(try await roundTrip("DATE", .date(date)) == .date(date))
        #expect(try await read("DATE", literal: "'2024-02-29'") == .date(date))
        #expect(try await read("DATE", literal: "'not a date'") == .text("not a date"))
    }

    @Test func timeColumnsDecodeAsTime() async throws {
        let time = try #require(TimeOfDay(hour: 13, minute: 5, second: 9, microsecond: 250_000))
        #expect(try await roundTrip("TIME", .time(time)) == .time(time))
        #expect(try await read("TIME", literal: "'13:05:09.25'") == .time(time))
    }

    @Test func timestampColumnsAcceptISOTextAndUnixSeconds() async throws {
        let noon = Timestamp(microsecondsSinceEpoch: 1_714_564_800_000_000)  // 2024-05-01 12:00:00 UTC
        #expect(try await roundTrip("TIMESTAMP", .timestamp(noon)) == .timestamp(noon))
        #expect(try await read("DATETIME", literal: "'2024-05-01 12:00:00'") == .timestamp(noon))
        #expect(try await read("DATETIME", literal: "'2024-05-01T14:00:00+02:00'") == .timestamp(noon))
        #expect(try await read("TIMESTAMP", literal: "1714564800") == .timestamp(noon))
        let fractional = Timestamp(microsecondsSinceEpoch: 1_714_564_800_500_000)
        #expect(try await read("TIMESTAMP", literal: "1714564800.5") == .timestamp(fractional))
        #expect(try await read("TIMESTAMP", literal: "'2024-05-01T12:00:00.5Z'") == .timestamp(fractional))
        #expect(try await read("TIMESTAMP", literal: "'yesterday'") == .text("yesterday"))
    }

    @Test func realTimestampsAreJulianDayNumbersAsSQLitesDateFunctionsReadThem() async throws {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v TIMESTAMP)")
            let texts = ["2024-01-02 03:04:05", "2024-05-01 12:30:00.123", "1969-12-31 23:59:59.999", "0001-01-01 00:00:00", "9999-12-31 23:59:59.999"]
            for text in texts { try await backend.execute("INSERT INTO t VALUES (julianday(?))", [.text(text)]) }
            #expect(try await backend.values("SELECT DISTINCT typeof(v) FROM t") == [[.text("real")]])
            // What SQLite itself makes of each REAL, to the millisecond.
            let rows = try await backend.values("SELECT v, strftime('%Y-%m-%d %H:%M:%f', v) FROM t")
            #expect(rows.count == texts.count)
            for (row, text) in zip(rows, texts) {
                let expected = try #require(Timestamp(iso8601: text))
                #expect(row[0] == .timestamp(expected), "\(text)")
                guard case .text(let sqlitesReading) = row[1] else { Issue.record("\(row)"); continue }
                #expect(row[0] == Timestamp(iso8601: sqlitesReading).map(Value.timestamp), "\(text)")
            }
        }
    }

    @Test func aTimestampBoundThenTurnedIntoAJulianDayBySQLiteReadsBackTheSame() async throws {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v DATETIME)")
            let stamp = Timestamp(microsecondsSinceEpoch: 1_714_566_600_123_000)  // 2024-05-01 12:30:00.123 UTC
            try await backend.execute("INSERT INTO t VALUES (?)", [.timestamp(stamp)])
            try await backend.execute("UPDATE t SET v = julianday(v)")
            #expect(try await backend.scalar("SELECT typeof(v) FROM t") == .text("real"))
            #expect(try await backend.scalar("SELECT v FROM t") == .timestamp(stamp))
            try await backend.execute("UPDATE t SET v = datetime(v)")
            #expect(try await backend.scalar("SELECT v FROM t") == .timestamp(Timestamp(microsecondsSinceEpoch: 1_714_566_600_000_000)))
        }
    }

    @Test func integerTimestampsAreUnixSecondsAsUnixepochWritesThem() async throws {
        let stamp = try #require(Timestamp(iso8601: "2024-05-01T12:30:00Z"))
        #expect(try await read("TIMESTAMP", literal: "unixepoch('2024-05-01 12:30:00')") == .timestamp(stamp))
        #expect(try await read("TIMESTAMP", literal: "0") == .timestamp(Timestamp(microsecondsSinceEpoch: 0)))
    }

    @Test func numbersBeyondEveryDateSQLiteKnowsStayNumbers() async throws {
        #expect(try await read("TIMESTAMP", literal: "1e300") == .double(1e300))
        // Not a whole number, so NUMERIC affinity keeps it REAL.
        #expect(try await read("TIMESTAMP", literal: "-1000000000000.5") == .double(-1_000_000_000_000.5))
    }

    @Test func textWithoutAZoneReadsAsATimestampWithoutTimeZone() async throws {
        let local = try await read("DATETIME", literal: "'2024-01-02 03:04:05'")
        #expect(local.description == "2024-01-02T03:04:05")
        #expect(try await read("DATETIME", literal: "'2024-01-02 03:04:05Z'").description == "2024-01-02T03:04:05Z")
        #expect(try await read("DATETIME", literal: "'2024-01-02 05:04:05+02:00'").description == "2024-01-02T03:04:05Z")
        #expect(try await read("DATETIME", literal: "julianday('2024-01-02 03:04:05')").description == "2024-01-02T03:04:05Z")
        #expect(try await read("DATETIME", literal: "1704164645").description == "2024-01-02T03:04:05Z")
    }

    @Test func timestampsAreStoredAsUTCTextSQLiteUnderstands() async throws {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            let stamp = Timestamp(microsecondsSinceEpoch: 1_714_564_800_123_456)
            #expect(try await backend.scalar("SELECT ?", [.timestamp(stamp)]) == .text("2024-05-01 12:00:00.123456"))
            #expect(try await backend.scalar("SELECT unixepoch(?)", [.timestamp(stamp)]) == .int(1_714_564_800))
        }
    }

    @Test func decimalColumnsDecodeAsDecimal() async throws {
        #expect(try await roundTrip("DECIMAL(10,2)", .decimal(try #require(ExactDecimal("12.5")))) == .decimal(try #require(ExactDecimal("12.5"))))
        #expect(try await read("NUMERIC", literal: "42") == .decimal(ExactDecimal(Int64(42))))
        #expect(try await read("DECIMAL", literal: "'abc'") == .text("abc"))
    }

    /// Text another program stored that does not fit a decimal's exponent reads back as it is; the
    /// most negative exponent once overflowed and crashed whatever read the row.
    @Test func decimalTextWithAnExponentBeyondIntReadsAsText() async throws {
        for text in ["1e-9223372036854775808", "1e9223372036854775807"] {
            #expect(try await read("DECIMAL TEXT", literal: "'\(text)'") == .text(text))
        }
    }

    @Test func decimalsBeyondFifteenDigitsAreRoundedByNumericAffinity() async throws {
        // The documented limitation: NUMERIC affinity stores this as REAL.
        let wide = try #require(ExactDecimal("12345678901234567890.5"))
        let back = try await roundTrip("DECIMAL", .decimal(wide))
        #expect(back != .decimal(wide))
        // DECIMAL TEXT has TEXT affinity, so every digit (and trailing zero) is kept.
        #expect(try await roundTrip("DECIMAL TEXT", .decimal(wide)) == .decimal(wide))
        let cents = try #require(ExactDecimal("12.50"))
        #expect(try await roundTrip("DECIMAL TEXT", .decimal(cents)) == .decimal(cents))
    }

    @Test func jsonColumnsDecodeAsDocumentsAndArrays() async throws {
        let document: Value = .document(["name": "Ada", "tags": ["x", "y"], "age": 36])
        #expect(try await roundTrip("JSON", document) == document)
        #expect(try await roundTrip("JSON", [1, 2, 3]) == [1, 2, 3])
        #expect(try await read("JSON", literal: "'{broken'") == .text("{broken"))
        #expect(try await read("JSON", literal: "'plain'") == .text("plain"))
    }

    @Test func uuidColumnsDecodeFromTextAndBlobs() async throws {
        let uuid = try #require(UUID(uuidString: "6BA7B810-9DAD-11D1-80B4-00C04FD430C8"))
        #expect(try await roundTrip("UUID", .uuid(uuid)) == .uuid(uuid))
        #expect(try await read("UUID", literal: "x'6ba7b8109dad11d180b400c04fd430c8'") == .uuid(uuid))
        #expect(try await read("UUID", literal: "'not-a-uuid'") == .text("not-a-uuid"))
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            #expect(try await backend.scalar("SELECT ?", [.uuid(uuid)]) == .text("6ba7b810-9dad-11d1-80b4-00c04fd430c8"))
        }
    }

    @Test func otherValuesBindAsTheirSQLiteForms() async throws {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            let row = try await backend.values(
                "SELECT ?, ?, ?, ?, typeof(?), ?",
                [.bool(true), .bytes([]), .text(""), .scalar(BackendScalar(type: "objectId", text: "abc")), .bytes([]), .null])
            #expect(row == [[.int(1), .bytes([]), .text(""), .text("abc"), .text("blob"), .null]])
        }
    }

    @Test func textWithMultibyteCharactersSurvives() async throws {
        #expect(try await roundTrip("TEXT", "naïve — 日本語 🚀") == "naïve — 日本語 🚀")
    }
}
