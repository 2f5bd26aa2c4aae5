import Switchyard
import SwitchyardSQLite
import Testing

/// The byte-level reader for timestamp text (the scan fast path) must read exactly what
/// the general ISO 8601 parser reads, and leave everything else to it.
@Suite struct SQLiteTimestampTextTests {
    static let texts = [
        "2024-05-01 12:30:00", "2024-05-01T12:30:00", "2024-05-01t12:30:00", "2024-05-01 12:30:00Z",
        "2024-05-01 12:30:00.5", "2024-05-01 12:30:00.25Z", "2024-05-01 12:30:00.123456",
        "2024-05-01 12:30:00.1234567", "2024-05-01 12:30:00+02:00", "2024-05-01 12:30", "2024-02-29 23:59:60",
        "2023-02-29 10:00:00", "2024-13-01 10:00:00", "2024-05-01 25:00:00", "2024-05-01 12:30:00.", "2024-05-01 1a:30:00",
        "0001-01-01 00:00:00", "9999-12-31 23:59:59.999999",
    ]

    @Test(arguments: texts)
    func timestampTextReadsAsTheGeneralParserReadsIt(_ text: String) async throws {
        try await withSQLiteBackend { backend, _ in
            try await backend.execute("CREATE TABLE t (at TIMESTAMP)")
            // Stored as text, bypassing the binder, as another program would write it.
            try await backend.execute("INSERT INTO t VALUES (CAST(? AS TEXT))", [.text(text)])
            let value = try #require(try await backend.query("SELECT at FROM t").collect().first)[0]
            let expected: Value = Timestamp(iso8601: text).map(Value.timestamp) ?? .text(text)
            #expect(value == expected)
            #expect(value.description == expected.description)  // with `Z` exactly when the text names a zone
        }
    }
}

/// Timestamps bound as parameters are written as the text the binder always wrote.
@Suite struct SQLiteTimestampBindingTests {
    static let instants: [Int64] = [
        0, 1_714_566_600_000_000, 1_714_566_600_500_000, 1_714_566_600_000_001, -1, -62_135_596_800_000_000,
        253_402_300_799_999_999, 253_402_300_800_000_000, -62_135_596_800_000_001,
    ]

    @Test(arguments: instants)
    func boundTimestampsAreStoredAsUTCTextWithOptionalFraction(_ micros: Int64) async throws {
        try await withSQLiteBackend { backend, _ in
            let timestamp = Timestamp(microsecondsSinceEpoch: micros)
            let stored = try #require(try await backend.query("SELECT CAST(? AS TEXT)", [.timestamp(timestamp)]).collect().first)[0]
            #expect(stored == .text("\(timestamp.calendarDate) \(timestamp.timeOfDay)"))
        }
    }
}
