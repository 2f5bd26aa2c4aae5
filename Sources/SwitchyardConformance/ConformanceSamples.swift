import Foundation
import Switchyard

/// The values the round-trip checks store and read back, per ``ValueKind``.
///
/// Each list holds the edges where adapters usually lose information: extreme
/// integers, `-0.0` and subnormal doubles, 40-digit decimals, empty and NUL-bearing
/// text, every byte value, years 1 and 9999, instants before 1970 with microseconds.
/// A fixture whose database cannot hold one of them (MongoDB keeps milliseconds)
/// replaces the list for that kind and says why.
public enum ConformanceSamples {
    /// The standard samples for `kind`.
    public static func values(for kind: ValueKind) -> [Value] {
        switch kind {
        case .bool: [.bool(true), .bool(false)]
        case .int: integers
        case .double: doubles
        case .decimal: decimals
        case .text: texts
        case .bytes: bytes
        case .date: dates
        case .time: times
        case .timestamp: timestamps
        case .uuid: uuids
        case .document: documents
        case .array: arrays
        }
    }

    static let integers: [Value] = [
        .int(0), .int(1), .int(-1), .int(42), .int(Int64(Int32.max) + 1),
        // 2^53 + 1 does not survive a trip through Double.
        .int(9_007_199_254_740_993), .int(.min), .int(.max),
    ]

    static let doubles: [Value] = [
        .double(0.0), .double(-0.0), .double(1.5), .double(-2.25), .double(.pi), .double(0.1),
        .double(1e-300), .double(.leastNonzeroMagnitude), .double(-1e300), .double(.greatestFiniteMagnitude),
        .double(.leastNormalMagnitude), .double(123_456_789.123_456_78),
    ]

    static let decimals: [Value] = [
        "0", "1", "-1", "12.5", "-12.25", "0.001", "3.14159265358979323846264338327950288419",
        "1234567890123456789012345678901234567890", "-98765432109876543210.0123456789",
        "0.000000000000000000000000000001",
    ].compactMap { ExactDecimal($0).map(Value.decimal) }

    static let texts: [Value] = [
        .text(""), .text("hello"), .text("Grüße, 世界 🚂 e\u{301}"), .text("a\u{0}b"),
        .text("quote ' double \" backslash \\ percent % underscore _"), .text("line\nbreak\ttab\r"),
        .text(String(repeating: "long text ", count: 10_000)),
    ]

    static let bytes: [Value] = [
        .bytes([]), .bytes([0]), .bytes(Array(0...255)), .bytes([0xFF, 0x00, 0x27, 0x5C, 0x00]),
    ]

    static let dates: [Value] = [
        (1, 1, 1), (1969, 12, 31), (1970, 1, 1), (2000, 2, 29), (2024, 5, 1), (9999, 12, 31),
    ].compactMap { CalendarDate(year: $0.0, month: $0.1, day: $0.2).map(Value.date) }

    static let times: [Value] = [
        (0, 0, 0, 0), (12, 34, 56, 789_012), (23, 59, 59, 999_999), (6, 0, 0, 1),
    ].compactMap { TimeOfDay(hour: $0.0, minute: $0.1, second: $0.2, microsecond: $0.3).map(Value.time) }

    static let timestamps: [Value] = [
        "1970-01-01T00:00:00Z", "2024-05-01T12:30:00.123456Z", "1969-12-31T23:59:59.999999Z",
        "1900-01-01T00:00:00.000001Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z",
        "2009-02-13T23:31:30.000001Z",
    ].compactMap { Timestamp(iso8601: $0).map(Value.timestamp) }

    static let uuids: [Value] = [
        "00000000-0000-0000-0000-000000000000", "123E4567-E89B-12D3-A456-426614174000",
        "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
    ].compactMap { UUID(uuidString: $0).map(Value.uuid) }

    static let documents: [Value] = [
        .document([:]),
        // Field order deliberately not alphabetical: it must survive.
        .document([
            "zeta": .int(1), "alpha": .text("Ada"), "ratio": .double(0.25), "active": .bool(true),
            "missing": .null, "tags": .array([.text("x"), .text("y")]),
            "nested": .document(["b": .bool(false), "a": .int(Int64.max)]),
        ]),
        .document(["text": .text("quote \" backslash \\ newline \n unicode ü 🚂")]),
    ]

    static let arrays: [Value] = [
        .array([]), .array([.int(1), .int(2), .int(3)]), .array([.int(.min), .null, .int(.max)]),
    ]
}
