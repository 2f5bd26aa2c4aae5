import Foundation

/// A calendar date (proleptic Gregorian) with no time of day or zone.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01; negative before it.
    public var daysSinceEpoch: Int64

    /// The date `daysSinceEpoch` days after 1970-01-01 (before it when negative).
    @inlinable public init(daysSinceEpoch: Int64) { self.daysSinceEpoch = daysSinceEpoch }

    /// `nil` when the fields do not name a real day.
    ///
    /// Inlinable, with the arithmetic it calls: adapters decoding text dates per row (SQLite's
    /// `TIMESTAMP` columns) build on it, and a call across modules cost a scan ≈ 120
    /// instructions a row.
    @inlinable @inline(__always) public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.daysSinceEpoch = CalendarDate.days(fromCivil: Int64(year), Int64(month), Int64(day))
    }

    /// Parses `YYYY-MM-DD` (with an optional leading `-` for years before 1 BCE).
    public init?(iso8601 text: some StringProtocol) {
        var s = Substring(text)
        var sign: Int64 = 1
        if s.first == "-" { sign = -1; s = s.dropFirst() }
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].count == 2, parts[2].count == 2, parts[0].count >= 4,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: Int(sign) * y, month: m, day: d)
    }

    /// Year, month (1–12) and day (1–31) in the proleptic Gregorian calendar; years before 1 CE are
    /// 0 and below.
    public var components: (year: Int, month: Int, day: Int) {
        let (y, m, d) = CalendarDate.civil(fromDays: daysSinceEpoch)
        return (Int(y), Int(m), Int(d))
    }

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

    // Howard Hinnant's days_from_civil / civil_from_days: exact for every Int64 year range we use.
    @inlinable @inline(__always) static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// A time of day with microsecond precision, no date or zone.
public struct TimeOfDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Microseconds since 00:00:00.
    public var microsecondsSinceMidnight: Int64

    /// The time `microsecondsSinceMidnight` microseconds after midnight; the value is not checked.
    @inlinable public init(microsecondsSinceMidnight: Int64) { self.microsecondsSinceMidnight = microsecondsSinceMidnight }

    /// `nil` outside 00:00:00 … 24:00:00 (a leap second, `:60`, is accepted).
    @inlinable public init?(hour: Int, minute: Int, second: Int, microsecond: Int = 0) {
        guard (0...24).contains(hour), (0...59).contains(minute), (0...60).contains(second),
            (0..<1_000_000).contains(microsecond)
        else { return nil }
        microsecondsSinceMidnight = ((Int64(hour) * 60 + Int64(minute)) * 60 + Int64(second)) * 1_000_000 + Int64(microsecond)
    }

    /// Parses `HH:MM[:SS[.ffffff]]`.
    public init?(iso8601 text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        var s = 0
        var us = 0
        if parts.count == 3 {
            let secParts = parts[2].split(separator: ".", omittingEmptySubsequences: false)
            guard let sec = Int(secParts[0]), secParts.count <= 2 else { return nil }
            s = sec
            if secParts.count == 2 {
                let frac = secParts[1].prefix(6)
                guard !frac.isEmpty, let f = Int(frac) else { return nil }
                us = f * Int(pow(10.0, Double(6 - frac.count)))
            }
        }
        self.init(hour: h, minute: m, second: s, microsecond: us)
    }

    public var description: String {
        let us = microsecondsSinceMidnight
        let seconds = us / 1_000_000
        let base = "\(pad(Int(seconds / 3600), 2)):\(pad(Int(seconds / 60 % 60), 2)):\(pad(Int(seconds % 60), 2))"
        let frac = us % 1_000_000
        return frac == 0 ? base : base + "." + pad(Int(frac), 6)
    }

    public static func < (a: Self, b: Self) -> Bool { a.microsecondsSinceMidnight < b.microsecondsSinceMidnight }
}

/// An instant in time, microsecond precision, measured from the Unix epoch in UTC — or,
/// for a timestamp without time zone, a date and time of day counted as if it were UTC.
///
/// Microseconds in an `Int64` cover ±292,000 years exactly, which a `Date` (a
/// `Double` of seconds) cannot do at microsecond precision.
///
/// ``hasTimeZone`` records whether the source said which zone the time is in
/// (PostgreSQL `timestamptz`, text ending in `Z` or an offset, a MongoDB date) or not
/// (PostgreSQL `timestamp`, SQLite text such as `2024-01-02 03:04:05`). It changes
/// how the timestamp is written, not what it is: two timestamps with the same
/// microseconds are equal and hash alike, so a value bound and read back from a
/// column of the other kind still compares equal.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z; negative before it.
    public var microsecondsSinceEpoch: Int64

    /// Whether the time was given with a zone, and so names an instant in UTC; `false`
    /// for a timestamp without time zone, which ``description`` writes without `Z`.
    public var hasTimeZone: Bool

    /// The instant `microsecondsSinceEpoch` microseconds after the Unix epoch; with
    /// `hasTimeZone` false, the same date and time of day without a zone.
    @inlinable public init(microsecondsSinceEpoch: Int64, hasTimeZone: Bool = true) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
        self.hasTimeZone = hasTimeZone
    }

    /// The instant `date` names, rounded to the nearest microsecond.
    public init(_ date: Date) {
        microsecondsSinceEpoch = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        hasTimeZone = true
    }

    /// The instant `time` after midnight UTC on `date`; with `hasTimeZone` false, that
    /// date and time of day without a zone.
    @inlinable public init(
        date: CalendarDate, time: TimeOfDay = TimeOfDay(microsecondsSinceMidnight: 0), hasTimeZone: Bool = true
    ) {
        microsecondsSinceEpoch = date.daysSinceEpoch * 86_400_000_000 + time.microsecondsSinceMidnight
        self.hasTimeZone = hasTimeZone
    }

    /// Parses `YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]][Z|±HH[:MM]]`, or a bare date (midnight).
    /// Text without `Z` or an offset is counted as UTC and gives a timestamp without
    /// time zone (``hasTimeZone`` false), as it names no zone.
    public init?(iso8601 text: some StringProtocol) {
        let s = Substring(text).trimmingCharacters(in: .whitespaces)
        let start = s.first == "-" ? s.index(after: s.startIndex) : s.startIndex
        guard let split = s[start...].firstIndex(where: { $0 == "T" || $0 == " " || $0 == "t" }) else {
            guard let date = CalendarDate(iso8601: s) else { return nil }
            self.init(date: date, hasTimeZone: false)
            return
        }
        guard let date = CalendarDate(iso8601: s[..<split]) else { return nil }
        var rest = s[s.index(after: split)...]
        var offsetSeconds: Int64 = 0
        var hasTimeZone = true
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            rest = rest.dropLast()
        } else if let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let offset = rest[rest.index(after: signIndex)...].replacingOccurrences(of: ":", with: "")
            guard offset.count == 2 || offset.count == 4, let hh = Int64(offset.prefix(2)),
                let mm = Int64(offset.count == 4 ? offset.suffix(2) : "00")
            else { return nil }
            offsetSeconds = (hh * 3600 + mm * 60) * (rest[signIndex] == "-" ? -1 : 1)
            rest = rest[..<signIndex]
        } else {
            hasTimeZone = false
        }
        guard let time = TimeOfDay(iso8601: rest) else { return nil }
        self.init(date: date, time: time, hasTimeZone: hasTimeZone)
        microsecondsSinceEpoch -= offsetSeconds * 1_000_000
    }

    /// The same instant as a Foundation `Date`, which cannot hold every microsecond far from 1970.
    public var date: Date { Date(timeIntervalSince1970: Double(microsecondsSinceEpoch) / 1_000_000) }

    /// The UTC date of the instant.
    public var calendarDate: CalendarDate {
        CalendarDate(daysSinceEpoch: floorDiv(microsecondsSinceEpoch, 86_400_000_000))
    }

    /// The UTC time of day of the instant.
    public var timeOfDay: TimeOfDay {
        TimeOfDay(microsecondsSinceMidnight: microsecondsSinceEpoch - calendarDate.daysSinceEpoch * 86_400_000_000)
    }

    /// ISO 8601 in UTC, `2024-05-01T12:30:00Z`, with a fraction only when there is one;
    /// without time zone, the same without `Z`: `2024-05-01T12:30:00`.
    public var description: String { "\(calendarDate)T\(timeOfDay)" + (hasTimeZone ? "Z" : "") }

    public static func < (a: Self, b: Self) -> Bool { a.microsecondsSinceEpoch < b.microsecondsSinceEpoch }

    /// Whether both name the same microsecond; ``hasTimeZone`` does not take part.
    public static func == (a: Self, b: Self) -> Bool { a.microsecondsSinceEpoch == b.microsecondsSinceEpoch }

    /// Hashes the microseconds alone, as ``==(_:_:)`` compares them.
    public func hash(into hasher: inout Hasher) { hasher.combine(microsecondsSinceEpoch) }
}

private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
