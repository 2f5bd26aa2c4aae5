import Foundation
import Switchyard
import SwitchyardTestSupport
import Testing

/// No column value makes decoding a model crash: a value that does not fit the field's type
/// (too large, negative for an unsigned field, a fraction for an integer, text for a date, null
/// for a non-optional field) or a missing column is a ``SwitchyardError``. Seeded, so a failure
/// comes back on every run.
@Suite struct RowDecodingFuzzTests {
    /// A model with a field of every type a repository decodes.
    private struct Model: Decodable {
        var tiny: Int8
        var unsigned: UInt
        var wide: UInt64
        var int: Int
        var int32: Int32
        var byte: UInt8
        var flag: Bool
        var when: Date
        var real: Double
        var single: Float
        var text: String
        var id: UUID
        var money: Decimal
        var tags: [String]
        var nested: [String: Int]
        var maybe: Int16?
    }

    private static let names = ["tiny", "unsigned", "wide", "int", "int32", "byte", "flag", "when", "real", "single", "text", "id", "money", "tags", "nested", "maybe"]

    static let values: [Value] = [
        .null, .bool(true), .int(.min), .int(-1), .int(0), .int(1), .int(128), .int(256), .int(.max), .double(.nan), .double(.infinity),
        .double(-0.5), .double(1e300), .double(9.3e18), .decimal(ExactDecimal("18446744073709551616")!), .decimal(ExactDecimal("-1.5")!),
        .decimal(ExactDecimal("1e999")!), .decimal(ExactDecimal("NaN")!), .text(""), .text("abc"), .text("-1"), .text("1e-9223372036854775808"),
        .text("18446744073709551615"), .text("2024-02-30"), .text("9999999999-01-01T00:00:00Z"), .text("[1,"), .text("{\"a\":1e999}"),
        .text(String(repeating: "[", count: 600)), .text("[\"a\",null]"), .bytes([]), .bytes(Array(repeating: 7, count: 16)),
        .date(CalendarDate(daysSinceEpoch: .max)), .date(CalendarDate(daysSinceEpoch: .min)), .timestamp(Timestamp(microsecondsSinceEpoch: .min)),
        .time(TimeOfDay(microsecondsSinceMidnight: .max)), .array([.int(1), .null]), .document(["a": .text("x")]),
        .scalar(BackendScalar(type: "date", text: "infinity")),
    ]

    @Test func oddColumnValuesAreErrorsNotCrashes() {
        var generator = SeededGenerator(state: 0x5EED_DEC1)
        for _ in 0..<1_000 {
            // Some columns missing, the rest holding a random value each.
            let names = Self.names.filter { _ in Int.random(in: 0..<20, using: &generator) > 0 }
            let columns = Columns(names: names)
            let row = Row(columns: columns, values: names.map { _ in Self.values.randomElement(using: &generator)! })
            do {
                _ = try Model(from: RowDecoder(row: row))
            } catch {
                #expect(error is SwitchyardError, "\(error)")
            }
            for value in row.values {
                _ = try? RowDecoder.decode([Int8].self, from: value)
                _ = try? RowDecoder.decode(UInt16.self, from: value)
            }
        }
    }
}
