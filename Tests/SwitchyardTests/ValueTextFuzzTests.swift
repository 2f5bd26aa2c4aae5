import Foundation
@testable import Switchyard
import SwitchyardTestSupport
import Testing

/// No text or number makes the value conversions crash: dates, times, timestamps, decimals,
/// UUIDs and JSON read from text, the values they make written back, compared and sorted.
/// Seeded random texts and mutations of valid ones, so a failure comes back on every run.
@Suite struct ValueTextFuzzTests {
    static let seeds = [
        "2024-02-29", "-0044-03-15", "+12345-01-01", "2024-05-01T12:30:00.123456Z", "2024-05-01 12:30:00+05:30",
        "294247-01-10T04:00:54.775807Z", "-290308-12-21T19:59:05.224192Z", "23:59:60.999999", "24:00:00", "12:30",
        "-12.5e-3", "1e999", "-5e-9223372036854775807", "5E9223372036854775806", "123456789012345678901234567890.000001", "+0.0", "NaN", "-Infinity", "9223372036854775807",
        "-9223372036854775808", "123e4567-e89b-12d3-a456-426614174000", "true", "[1, 2.5, \"a\", null, {\"b\": [true]}]",
        "{\"a\": \"\\ud800\\u0041\", \"b\": -0, \"c\": 1e400}",
    ]
    static let alphabet = "0123456789-+:.TtZz eE[]{}\",nuNaIfy\\\u{0}é٣"

    /// Every reading of `text` as a value; whatever reads back is written, compared and read again.
    private func convertEverything(_ text: String) {
        var values: [Value] = [.text(text)]
        if let date = CalendarDate(iso8601: text) {
            values.append(.date(date))
            #expect(CalendarDate(iso8601: date.description) == date, "\(date) does not read back")
        }
        if let time = TimeOfDay(iso8601: text) { values.append(.time(time)) }
        if let timestamp = Timestamp(iso8601: text) {
            values.append(.timestamp(timestamp))
            #expect(Timestamp(iso8601: timestamp.description) == timestamp, "\(timestamp) does not read back")
        }
        if let decimal = ExactDecimal(text) {
            values.append(.decimal(decimal))
            #expect(ExactDecimal(canonical: decimal.text) == decimal)
            _ = decimal.adding(decimal)
            _ = decimal.decimalValue
        }
        if let parsed = try? JSON.parse(text) {
            values.append(parsed)
            // JSON has no NaN or infinity: those are written as strings, and read back as text.
            let written = JSON.serialize(parsed)
            #expect((try? JSON.parse(written)) == parsed || written.contains("NaN") || written.contains("Infinity"))
        }
        for value in values {
            _ = value.description
            _ = JSON.serialize(value)
            _ = Bool(value: value); _ = Int64(value: value); _ = Int(value: value); _ = Int32(value: value)
            _ = UInt8(value: value); _ = Double(value: value); _ = Float(value: value); _ = ExactDecimal(value: value)
            _ = Decimal(value: value); _ = UUID(value: value); _ = Date(value: value); _ = Timestamp(value: value)
            _ = CalendarDate(value: value); _ = TimeOfDay(value: value); _ = Document(value: value); _ = [Int](value: value)
        }
        sortEverything(values + [.double(.nan), .int(.min), .double(-.infinity), .null])
    }

    /// Sorting by ``ValueOrdering`` ends, whatever the values, NaN included.
    private func sortEverything(_ values: [Value]) {
        _ = values.sorted(by: ValueOrdering.precedes)
        for a in values { for b in values { _ = ValueOrdering.compare(a, b) } }
    }

    @Test func randomTextNeverCrashes() {
        var fuzz = FuzzText(seed: 0x5EED_7A01, alphabet: Self.alphabet)
        for _ in 0..<3_000 { convertEverything(fuzz.text(maxLength: 30)) }
    }

    @Test func mutatedValuesNeverCrash() {
        var fuzz = FuzzText(seed: 0x5EED_7A02, alphabet: Self.alphabet)
        for _ in 0..<1_500 { convertEverything(fuzz.mutation(of: fuzz.pick(Self.seeds))) }
    }

    @Test func extremeNumbersWriteAndConvert() {
        var generator = SeededGenerator(state: 0x5EED_7A03)
        let edges: [Int64] = [.min, .min + 1, -1, 0, 1, .max - 1, .max]
        for _ in 0..<800 {
            let n = Bool.random(using: &generator) ? edges.randomElement(using: &generator)! : Int64.random(in: .min ... .max, using: &generator)
            _ = CalendarDate(daysSinceEpoch: n).description
            _ = TimeOfDay(microsecondsSinceMidnight: n).description
            _ = Timestamp(microsecondsSinceEpoch: n).description
            _ = Timestamp(microsecondsSinceEpoch: n, hasTimeZone: false).description
            _ = Timestamp(date: CalendarDate(daysSinceEpoch: n)).description
            let d = Double(bitPattern: UInt64(bitPattern: n))
            _ = Timestamp(Date(timeIntervalSince1970: d))
            _ = Timestamp(validating: Date(timeIntervalSince1970: d))
            _ = Date(value: .double(d))
            convertEverything(String(n))
            convertEverything(String(d))
            _ = CalendarDate(year: Int(truncatingIfNeeded: n), month: Int(n & 15), day: Int(n & 31))
            _ = TimeOfDay(hour: Int(truncatingIfNeeded: n), minute: 0, second: 0)
        }
    }

    @Test func deepJSONIsAnErrorNotACrash() {
        for text in [String(repeating: "[", count: 100_000), String(repeating: "{\"a\":", count: 100_000), String(repeating: "[", count: 511) + String(repeating: "]", count: 511)] {
            do { _ = try JSON.parse(text) } catch { #expect(error is SwitchyardError) }
        }
    }
}
