import Foundation

/// A calendar date (proleptic Gregorian) with no time of day or zone.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01; negative before it.
    public var daysSinceEpoch: Int64

    /// The date `daysSinceEpoch` days after 1970-01-01 (before it when negative).
    @inlinable public init(daysSinceEpoch: Int64) { self.daysSinceEpoch = daysSinceEpoch }

    /// `nil` when the fields do not name a real day, or a year beyond what `daysSinceEpoch`
    /// counts (about ±2.5 × 10^16).
    ///
    /// Inlinable, with the arithmetic it calls: adapters decoding text dates per row (SQLite's
    /// `TIMESTAMP` columns) build on it, and a call across modules cost a scan ≈ 120
    /// instructions a row.
    @inlinable @inline(__always) public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        // Every year of ±10^15 counts in Int64 without overflow; only farther ones need checking.
        if year.magnitude < 1_000_000_000_000_000 {
            self.daysSinceEpoch = CalendarDate.days(fromCivil: Int64(year), Int64(month), Int64(day))
        } else {
            guard let days = CalendarDate.checkedDays(fromCivil: Int64(year), Int64(month), Int64(day)) else { return nil }
            self.daysSinceEpoch = days
        }
    }

    /// Parses `YYYY-MM-DD`, with an optional leading `-` for years before 1 BCE, and more
    /// year digits (or ISO 8601's leading `+`) beyond 9999, as ``description`` writes them.
    public init?(iso8601 text: some StringProtocol) {
        var s = Substring(text)
        var sign = 1
        if s.first == "-" || s.first == "+" {
            if s.first == "-" { sign = -1 }
            s = s.dropFirst()
        }
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].count == 2, parts[2].count == 2, parts[0].count >= 4,
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 &- UInt8(ascii: "0") < 10 } }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: sign * y, month: m, day: d)
    }

    /// Year, month (1–12) and day (1–31) in the proleptic Gregorian calendar; years before 1 CE are
    /// 0 and below.
    public var components: (year: Int, month: Int, day: Int) {
        let (y, m, d) = CalendarDate.civil(fromDays: daysSinceEpoch)
        return (Int(y), Int(m), Int(d))
    }

    /// `YYYY-MM-DD`; years beyond 9999 with more digits and years before 1 CE with a `-`, as
    /// PostgreSQL's ISO style and ``init(iso8601:)`` read them.
    public var description: String {
        let (y, m, d) = components
        let year = y < 0 ? "-" + pad(-y, 4) : pad(y, 4)
        return "\(year)-\(pad(m, 2))-\(pad(d, 2))"
    }

    public static func < (a: Self, b: Self) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    @inlinable @inline(__always) static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days. `days(fromCivil:)` is exact for years
    // within ±10^15 (its callers check); `civil(fromDays:)` for every Int64.
    @inlinable @inline(__always) static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// `days(fromCivil:)` for any year: `nil` when the day count does not fit an Int64.
    @usableFromInline static func checkedDays(fromCivil year: Int64, _ m: Int64, _ d: Int64) -> Int64? {
        // In 128 bits nothing overflows; the caller's year is past 10^15, rare enough.
        let y = Int128(year) - (m <= 2 ? 1 : 0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = Int128((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1)
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int64(exactly: era * 146097 + doe - 719468)
    }

    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        // Shifted to 0000-03-01 in 400-year eras: the era first, so `z0 + 719468` cannot
        // overflow near Int64.max.
        var (era, doe) = floorDivMod(z0, 146097)
        doe += 719468
        era += doe / 146097
        doe %= 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// `a` divided by a positive `b`, rounded down, and the remainder `0..<b`; for every Int64 `a`
/// (`quotient * b` itself may not fit).
func floorDivMod(_ a: Int64, _ b: Int64) -> (quotient: Int64, remainder: Int64) {
    let (q, r) = a.quotientAndRemainder(dividingBy: b)
    return r < 0 ? (q - 1, r + b) : (q, r)
}

func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
