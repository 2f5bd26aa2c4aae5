import Foundation
import Switchyard
import SwitchyardSQLite
import SwitchyardTestSupport
import Testing

/// Whatever another program stored in a SQLite file, reading it never crashes: values of every
/// storage class in columns of every declared type Switchyard decodes, and queries built from
/// predicates on odd column names. Real files; seeded, so a failure comes back on every run.
@Suite struct SQLiteValueFuzzTests {
    static let declaredTypes = ["BOOLEAN", "DATE", "TIME", "TIMESTAMP", "DATETIME", "DECIMAL", "NUMERIC(10, 2)", "JSON", "UUID", "INTEGER", "TEXT", "BLOB", ""]
    static let texts = [
        "", "true", "2024-02-29", "2024-02-30", "-0044-03-15", "24:00:00", "23:59:60.9999999", "2024-05-01 12:30:00.123456Z",
        "2024-05-01T12:30:00+15:59", "9999999999-12-31 00:00:00", "1e-9223372036854775808", "1e9223372036854775807", "-1.5e99999",
        "NaN", "-inf", "123e4567-e89b-12d3-a456-426614174000", "[1, {\"a\": [\"\\ud800\"]}]", "{", "\u{0}", "é\u{301}",
        String(repeating: "[", count: 2_000),
    ]
    static let numbers: [Value] = [
        .int(.min), .int(.max), .int(0), .int(1), .double(5_373_484.4999), .double(-210_866_760_001), .double(1e308), .double(-0.0),
        .double(.infinity), .bytes([]), .bytes(Array(repeating: 0xFF, count: 16)), .null,
    ]

    @Test func oddStoredValuesReadBackWithoutCrashing() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let columns = Self.declaredTypes.indices.map { "c\($0) \(Self.declaredTypes[$0])" }.joined(separator: ", ")
            try await backend.execute("CREATE TABLE odd (\(columns))")
            var fuzz = FuzzText(seed: 0x5EED_5E01, alphabet: "0123456789-:. TZe+[]{}\"")
            let placeholders = Array(repeating: "?", count: Self.declaredTypes.count).joined(separator: ", ")
            for _ in 0..<300 {
                let row: [Value] = Self.declaredTypes.map { _ in
                    switch fuzz.int(0...2) {
                    case 0: .text(fuzz.pick(Self.texts))
                    case 1: .text(fuzz.mutation(of: fuzz.pick(Self.texts)))
                    default: fuzz.pick(Self.numbers)
                    }
                }
                try await backend.execute("INSERT INTO odd VALUES (\(placeholders))", row)
            }
            let read = try await backend.values("SELECT * FROM odd")
            #expect(read.count == 300)
        }
    }

    @Test func predicatesOnOddColumnNamesAreErrorsOrResults() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let repository = try await petRepository(on: backend, holding: [(1, "Rex", nil), (2, "Tom", "Ada")])
            var fuzz = FuzzText(seed: 0x5EED_5E02, alphabet: "\"'`[]().;-/* \u{0}éa")
            for _ in 0..<300 {
                let field = fuzz.int(0...3) == 0 ? fuzz.pick(["", "\"", "name\"; DROP TABLE pets; --", "a.b", "."]) : fuzz.text(maxLength: 8)
                let predicate: Switchyard.Predicate = fuzz.pick([Field(field) == 1, Field(field).isIn(["x", "y"]), !(Field(field) == Int?.none)])
                do {
                    _ = try await repository.find(where: predicate)
                } catch {
                    #expect(error is SwitchyardError, "\(error)")
                }
            }
            // Whatever the names were, they stayed names: the table and its rows are intact.
            #expect(try await repository.count() == 2)
        }
    }
}
