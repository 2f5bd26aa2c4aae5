import Switchyard

/// Reads the timestamp text SQLite's own functions write (`2024-05-01 12:30:00`, with an
/// optional fraction and `Z`) straight from the column's UTF-8 bytes, and writes it
/// straight into a byte buffer for binding. Text without `Z` names no zone, and reads as
/// a timestamp without time zone (``Timestamp/hasTimeZone`` false), counted as UTC.
///
/// Decoding a `TIMESTAMP` column is on the hot path of every scan, and the general
/// ``Timestamp/init(iso8601:)`` works on `Character`s (trimming, splitting): measured at
/// about a tenth of a full scan's rows per second. Text in any other shape (offsets, short
/// times, more than six fractional digits, a sign) returns `nil`, and the caller falls back
/// to the general parser, so what is accepted and how it reads never differs.
enum SQLiteTimestampText {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        // YYYY-MM-DD?HH:MM:SS is 19 bytes; then .f{1,6} and/or Z.
        guard bytes.count >= 19, bytes.count <= 27,
            bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = number(bytes, 0, 4), let month = number(bytes, 5, 2), let day = number(bytes, 8, 2),
            let hour = number(bytes, 11, 2), let minute = number(bytes, 14, 2), let second = number(bytes, 17, 2)
        else { return nil }
        var end = bytes.count
        let hasTimeZone = bytes[end - 1] == UInt8(ascii: "Z") || bytes[end - 1] == UInt8(ascii: "z")
        if hasTimeZone { end -= 1 }
        var microsecond = 0
        if end > 19 {
            let digits = end - 20
            guard bytes[19] == UInt8(ascii: "."), (1...6).contains(digits), let fraction = number(bytes, 20, digits) else { return nil }
            microsecond = fraction
            for _ in digits..<6 { microsecond *= 10 }
        }
        guard let date = CalendarDate(year: year, month: month, day: day),
            let time = TimeOfDay(hour: hour, minute: minute, second: second, microsecond: microsecond)
        else { return nil }
        return Timestamp(date: date, time: time, hasTimeZone: hasTimeZone)
    }

    /// Calls `body` with `YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC) for `timestamp`, the text
    /// ``SQLiteValueBinder/text(of:)`` makes, written without intermediate strings (binding a
    /// timestamp through string interpolation was a third of a bulk insert's cost). Returns
    /// `nil` without calling `body` for years outside 0…9999, which the general path writes.
    static func withText<T>(of timestamp: Timestamp, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
        let (year, month, day) = timestamp.calendarDate.components
        guard (0...9999).contains(year) else { return nil }
        let micros = timestamp.timeOfDay.microsecondsSinceMidnight
        let seconds = Int(micros / 1_000_000)
        let fraction = Int(micros % 1_000_000)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 26) { buffer in
            // Unsigned (every field is non-negative) and a plain loop: the signed `stride` version
            // took ≈ 20 instructions a digit, ≈ 4% of a bulk insert's row.
            func put(_ value: Int, _ start: Int, _ count: Int) {
                var value = UInt(bitPattern: value)
                var i = start + count
                while i > start {
                    i &-= 1
                    buffer[i] = UInt8(truncatingIfNeeded: 48 &+ value % 10)
                    value /= 10
                }
            }
            put(year, 0, 4)
            buffer[4] = UInt8(ascii: "-")
            put(month, 5, 2)
            buffer[7] = UInt8(ascii: "-")
            put(day, 8, 2)
            buffer[10] = UInt8(ascii: " ")
            put(seconds / 3600, 11, 2)
            buffer[13] = UInt8(ascii: ":")
            put(seconds / 60 % 60, 14, 2)
            buffer[16] = UInt8(ascii: ":")
            put(seconds % 60, 17, 2)
            var count = 19
            if fraction != 0 {
                buffer[19] = UInt8(ascii: ".")
                put(fraction, 20, 6)
                count = 26
            }
            return body(UnsafeBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// The decimal number in `count` bytes from `start`; `nil` unless they are all digits.
    @inline(__always)
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        // At most six digits: wrapping arithmetic cannot overflow, and one unsigned compare
        // checks each byte.
        var value = 0
        for i in start..<(start &+ count) {
            let digit = bytes[i] &- UInt8(ascii: "0")
            guard digit <= 9 else { return nil }
            value = value &* 10 &+ Int(digit)
        }
        return value
    }
}
