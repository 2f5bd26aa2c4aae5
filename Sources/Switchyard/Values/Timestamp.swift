import Foundation

/// An instant in time, microsecond precision, measured from the Unix epoch in UTC — or,
/// for a timestamp without time zone, a date and time of day counted as if it were UTC.
///
/// Microseconds in an `Int64` cover ±292,000 years exactly (from `-290308-12-21T19:59:05.224192Z`
/// to `294247-01-10T04:00:54.775807Z`), which a `Date` (a `Double` of seconds) cannot do at
/// microsecond precision. Every `Int64` is a timestamp that prints and splits into a date and
/// a time of day; the failable initializers return `nil` for dates and times beyond that
/// range, and the non-failable ones clamp to it.
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

    /// The instant `date` names, rounded to the nearest microsecond; clamped to the range a
    /// `Timestamp` holds (a `Date` reaches much farther, with less precision), and the epoch
    /// for a `Date` whose interval is NaN. ``init(validating:)`` returns `nil` for those instead.
    public init(_ date: Date) {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        if let exact = Int64(exactly: micros) {
            microsecondsSinceEpoch = exact
        } else {
            microsecondsSinceEpoch = micros.isNaN ? 0 : micros < 0 ? .min : .max
        }
        hasTimeZone = true
    }

    /// The instant `date` names, rounded to the nearest microsecond; `nil` beyond the range a
    /// `Timestamp` holds (about ±292,000 years from 1970) and for a NaN interval.
    public init?(validating date: Date) {
        guard let micros = Int64(exactly: (date.timeIntervalSince1970 * 1_000_000).rounded()) else { return nil }
        self.init(microsecondsSinceEpoch: micros)
    }

    /// The instant `time` after midnight UTC on `date`; with `hasTimeZone` false, that
    /// date and time of day without a zone. Clamped to the range a `Timestamp` holds:
    /// ``init(exactly:time:hasTimeZone:)`` returns `nil` beyond it instead.
    @inlinable public init(
        date: CalendarDate, time: TimeOfDay = TimeOfDay(microsecondsSinceMidnight: 0), hasTimeZone: Bool = true
    ) {
        // Beyond the range, the overflow is on the side of the day's sign (day 0 cannot overflow).
        let micros = Timestamp.microseconds(days: date.daysSinceEpoch, time: time.microsecondsSinceMidnight)
        self.init(microsecondsSinceEpoch: micros ?? (date.daysSinceEpoch < 0 ? .min : .max), hasTimeZone: hasTimeZone)
    }

    /// The instant `time` after midnight UTC on `date`, as ``init(date:time:hasTimeZone:)``;
    /// `nil` when it is beyond the range a `Timestamp` holds, about ±292,000 years from 1970.
    @inlinable public init?(
        exactly date: CalendarDate, time: TimeOfDay = TimeOfDay(microsecondsSinceMidnight: 0), hasTimeZone: Bool = true
    ) {
        guard let micros = Timestamp.microseconds(days: date.daysSinceEpoch, time: time.microsecondsSinceMidnight)
        else { return nil }
        self.init(microsecondsSinceEpoch: micros, hasTimeZone: hasTimeZone)
    }

    /// `days` × 86,400,000,000 + `time`, or `nil` when it does not fit an Int64.
    @inlinable @inline(__always) static func microseconds(days: Int64, time: Int64) -> Int64? {
        if days >= 0 {
            let (midnight, o1) = days.multipliedReportingOverflow(by: 86_400_000_000)
            let (sum, o2) = midnight.addingReportingOverflow(time)
            return o1 || o2 ? nil : sum
        }
        // The earliest representable day's midnight is before Int64.min, its later
        // microseconds are not: count back from the next midnight.
        let (nextMidnight, o1) = (days + 1).multipliedReportingOverflow(by: 86_400_000_000)
        let (intoDay, o2) = time.subtractingReportingOverflow(86_400_000_000)
        let (sum, o3) = nextMidnight.addingReportingOverflow(intoDay)
        return o1 || o2 || o3 ? nil : sum
    }

    /// Parses `YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]][Z|±HH[:MM]]`, or a bare date (midnight).
    /// Text without `Z` or an offset is counted as UTC and gives a timestamp without
    /// time zone (``hasTimeZone`` false), as it names no zone. `nil` for an offset beyond
    /// ±15:59 (PostgreSQL's limit) and for an instant beyond the range a `Timestamp` holds.
    public init?(iso8601 text: some StringProtocol) {
        let s = Substring(text).trimmingCharacters(in: .whitespaces)
        let start = s.first == "-" || s.first == "+" ? s.index(after: s.startIndex) : s.startIndex
        guard let split = s[start...].firstIndex(where: { $0 == "T" || $0 == " " || $0 == "t" }) else {
            guard let date = CalendarDate(iso8601: s) else { return nil }
            self.init(exactly: date, hasTimeZone: false)
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
            guard offset.count == 2 || offset.count == 4, offset.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }),
                let hh = Int64(offset.prefix(2)), let mm = Int64(offset.count == 4 ? offset.suffix(2) : "00"),
                hh <= 15, mm < 60
            else { return nil }
            offsetSeconds = (hh * 3600 + mm * 60) * (rest[signIndex] == "-" ? -1 : 1)
            rest = rest[..<signIndex]
        } else {
            hasTimeZone = false
        }
        // The offset applied to the time of day first: the local time may be out of range
        // where the instant is not (the last microsecond, written an hour ahead).
        guard let time = TimeOfDay(iso8601: rest),
            let utc = Timestamp.microseconds(
                days: date.daysSinceEpoch, time: time.microsecondsSinceMidnight - offsetSeconds * 1_000_000)
        else { return nil }
        self.init(microsecondsSinceEpoch: utc, hasTimeZone: hasTimeZone)
    }

    /// The same instant as a Foundation `Date`, which cannot hold every microsecond far from 1970.
    public var date: Date { Date(timeIntervalSince1970: Double(microsecondsSinceEpoch) / 1_000_000) }

    /// The UTC date of the instant.
    public var calendarDate: CalendarDate {
        CalendarDate(daysSinceEpoch: floorDivMod(microsecondsSinceEpoch, 86_400_000_000).quotient)
    }

    /// The UTC time of day of the instant.
    public var timeOfDay: TimeOfDay {
        TimeOfDay(microsecondsSinceMidnight: floorDivMod(microsecondsSinceEpoch, 86_400_000_000).remainder)
    }

    /// ISO 8601 in UTC, `2024-05-01T12:30:00Z`, with a fraction only when there is one;
    /// without time zone, the same without `Z`: `2024-05-01T12:30:00`. Years beyond 9999
    /// have more digits and years before 1 CE a `-` (``CalendarDate/description``), which
    /// ``init(iso8601:)`` reads back.
    public var description: String { "\(calendarDate)T\(timeOfDay)" + (hasTimeZone ? "Z" : "") }

    public static func < (a: Self, b: Self) -> Bool { a.microsecondsSinceEpoch < b.microsecondsSinceEpoch }

    /// Whether both name the same microsecond; ``hasTimeZone`` does not take part.
    public static func == (a: Self, b: Self) -> Bool { a.microsecondsSinceEpoch == b.microsecondsSinceEpoch }

    /// Hashes the microseconds alone, as ``==(_:_:)`` compares them.
    public func hash(into hasher: inout Hasher) { hasher.combine(microsecondsSinceEpoch) }
}
