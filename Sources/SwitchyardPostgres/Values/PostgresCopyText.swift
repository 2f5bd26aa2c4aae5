import Switchyard

/// Writes the COPY text of the commonest field types straight into the COPY buffer,
/// without making a `String` per value first.
///
/// A bulk load formats every field of every row; through ``PostgresTextEncoder/text(_:asJSON:)``
/// each integer and timestamp became a string (a timestamp through several interpolations)
/// before its bytes were copied, which made `COPY` from Swift markedly slower than from C.
/// The text is the same: none of these needs COPY escaping. Other values, and timestamps
/// outside the years 1…9999 (which PostgreSQL writes with `BC` or more digits), return false
/// and go the general way.
enum PostgresCopyText {
    static func append(_ value: Value, to out: inout [UInt8]) -> Bool {
        switch value {
        case .int(let i):
            appendInteger(i, to: &out)
            return true
        case .timestamp(let t):
            return appendTimestamp(t, to: &out)
        default:
            return false
        }
    }

    private static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        // The magnitude as UInt64, so Int64.min has one too.
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
            UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(48 + magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            out.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// `2024-05-01 12:30:00[.123456]+00`, as ``PostgresTemporal/text(_:)-(Timestamp)`` writes it.
    private static func appendTimestamp(_ timestamp: Timestamp, to out: inout [UInt8]) -> Bool {
        let (year, month, day) = timestamp.calendarDate.components
        guard (1...9999).contains(year) else { return false }
        let micros = timestamp.timeOfDay.microsecondsSinceMidnight
        let seconds = Int(micros / 1_000_000)
        let fraction = Int(micros % 1_000_000)
        func put(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var value = value
            while divisor > 0 {
                out.append(UInt8(48 + value / divisor))
                value %= divisor
                divisor /= 10
            }
        }
        put(year, 4)
        out.append(UInt8(ascii: "-"))
        put(month, 2)
        out.append(UInt8(ascii: "-"))
        put(day, 2)
        out.append(UInt8(ascii: " "))
        put(seconds / 3600, 2)
        out.append(UInt8(ascii: ":"))
        put(seconds / 60 % 60, 2)
        out.append(UInt8(ascii: ":"))
        put(seconds % 60, 2)
        if fraction != 0 {
            out.append(UInt8(ascii: "."))
            put(fraction, 6)
        }
        out.append(UInt8(ascii: "+"))
        out.append(UInt8(ascii: "0"))
        out.append(UInt8(ascii: "0"))
        return true
    }
}
