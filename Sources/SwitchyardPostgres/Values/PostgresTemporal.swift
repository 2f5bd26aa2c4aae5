import Switchyard

/// Conversions between PostgreSQL's dates and times and ``Switchyard``'s.
///
/// PostgreSQL counts dates in days and timestamps in microseconds from 2000-01-01
/// (binary format), and writes years before 1 AD as `0044-03-15 BC` (text format);
/// ``CalendarDate`` and ``Timestamp`` count from 1970-01-01 and use astronomical
/// years (year 0 is 1 BC). Values with no ``Value`` equivalent — `infinity`, and
/// timestamps beyond the year 294,246 where microseconds since 1970 overflow `Int64`
/// — travel as `.scalar` with PostgreSQL's text, which binds back unchanged.
/// A `timestamp` (without time zone) reads as a ``Timestamp`` whose ``Timestamp/hasTimeZone``
/// is false, its date and time counted as UTC; a `timestamptz` as the instant, in UTC.
enum PostgresTemporal {
    /// Days from 1970-01-01 to 2000-01-01.
    static let epochDays: Int64 = 10_957
    /// Microseconds from 1970-01-01 to 2000-01-01.
    static let epochMicroseconds: Int64 = 946_684_800_000_000

    // MARK: Binary

    static func date(pgDays: Int32) -> Value {
        if pgDays == .max { return .scalar(BackendScalar(type: "date", text: "infinity")) }
        if pgDays == .min { return .scalar(BackendScalar(type: "date", text: "-infinity")) }
        return .date(CalendarDate(daysSinceEpoch: Int64(pgDays) + epochDays))
    }

    /// PostgreSQL's days for `date`, or `nil` outside what a `date` holds.
    static func pgDays(_ date: CalendarDate) -> Int32? {
        let (days, overflow) = date.daysSinceEpoch.subtractingReportingOverflow(epochDays)
        return overflow ? nil : Int32(exactly: days).flatMap { $0 == .max || $0 == .min ? nil : $0 }
    }

    /// A `timestamp` from PostgreSQL's microseconds since 2000 (a `timestamptz` when
    /// `hasTimeZone`: a flag rather than the type's name, so decoding a row compares no strings).
    static func timestamp(pgMicroseconds: Int64, hasTimeZone: Bool) -> Value {
        if pgMicroseconds == .max { return .scalar(BackendScalar(type: typeName(hasTimeZone), text: "infinity")) }
        if pgMicroseconds == .min { return .scalar(BackendScalar(type: typeName(hasTimeZone), text: "-infinity")) }
        let (micros, overflow) = pgMicroseconds.addingReportingOverflow(epochMicroseconds)
        guard !overflow else {
            return .scalar(
                BackendScalar(type: typeName(hasTimeZone), text: text(pgMicroseconds: pgMicroseconds, withZone: hasTimeZone)))
        }
        return .timestamp(Timestamp(microsecondsSinceEpoch: micros, hasTimeZone: hasTimeZone))
    }

    private static func typeName(_ hasTimeZone: Bool) -> String { hasTimeZone ? "timestamptz" : "timestamp" }

    /// PostgreSQL's microseconds for `timestamp`, or `nil` when they would overflow.
    static func pgMicroseconds(_ timestamp: Timestamp) -> Int64? {
        let (micros, overflow) = timestamp.microsecondsSinceEpoch.subtractingReportingOverflow(epochMicroseconds)
        return overflow || micros == .max || micros == .min ? nil : micros
    }

    // MARK: Text written for PostgreSQL

    /// `2024-05-01`, or `0044-03-15 BC`.
    static func text(_ date: CalendarDate) -> String {
        let (year, month, day) = date.components
        return dateText(year: Int64(year), month: Int64(month), day: Int64(day))
    }

    /// `2024-05-01 12:30:00.123456+00` (in UTC, with the offset so both `timestamp`
    /// and `timestamptz` read it right).
    static func text(_ timestamp: Timestamp) -> String {
        text(days: timestamp.calendarDate.daysSinceEpoch, timeOfDay: timestamp.timeOfDay.microsecondsSinceMidnight, withZone: true)
    }

    /// Text for any PostgreSQL microsecond count, including those `Timestamp` cannot hold.
    static func text(pgMicroseconds: Int64, withZone: Bool) -> String {
        // The core's Timestamp splits any Int64 of microseconds into whole days and time of day.
        let split = Timestamp(microsecondsSinceEpoch: pgMicroseconds)
        return text(
            days: split.calendarDate.daysSinceEpoch + epochDays, timeOfDay: split.timeOfDay.microsecondsSinceMidnight,
            withZone: withZone)
    }

    /// `days` since 1970-01-01 plus microseconds into that day.
    private static func text(days: Int64, timeOfDay: Int64, withZone: Bool) -> String {
        let (year, month, day) = CalendarDate(daysSinceEpoch: days).components
        let time = TimeOfDay(microsecondsSinceMidnight: timeOfDay).description
        let zone = withZone ? "+00" : ""
        let date = dateText(year: Int64(year), month: Int64(month), day: Int64(day))
        guard date.hasSuffix(" BC") else { return "\(date) \(time)\(zone)" }
        return "\(date.dropLast(3)) \(time)\(zone) BC"
    }

    private static func dateText(year: Int64, month: Int64, day: Int64) -> String {
        let bc = year <= 0
        let shown = bc ? 1 - year : year
        let digits = String(shown)
        let padded = digits.count >= 4 ? digits : String(repeating: "0", count: 4 - digits.count) + digits
        let body = "\(padded)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
        return bc ? body + " BC" : body
    }

    // MARK: Text read from PostgreSQL (DateStyle ISO)

    /// Parses `2024-05-01`, `0044-03-15 BC`, `infinity`.
    static func parseDate(_ text: String) -> Value? {
        if text == "infinity" || text == "-infinity" { return .scalar(BackendScalar(type: "date", text: text)) }
        var body = Substring(text)
        let bc = body.hasSuffix(" BC")
        if bc { body = body.dropLast(3) }
        guard let (year, month, day) = parseDateFields(body), let date = CalendarDate(year: bc ? 1 - year : year, month: month, day: day)
        else { return nil }
        return .date(date)
    }

    /// Parses `2024-05-01 12:30:00.5`, with an offset (`+00`, `-03:30`) for `timestamptz`
    /// (`hasTimeZone`).
    static func parseTimestamp(_ text: String, hasTimeZone: Bool) -> Value? {
        if text == "infinity" || text == "-infinity" { return .scalar(BackendScalar(type: typeName(hasTimeZone), text: text)) }
        var body = Substring(text)
        let bc = body.hasSuffix(" BC")
        if bc { body = body.dropLast(3) }
        guard let space = body.firstIndex(of: " "), let (year, month, day) = parseDateFields(body[..<space]) else { return nil }
        var clock = body[body.index(after: space)...]
        var offsetSeconds: Int64 = 0
        if let sign = clock.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            // PostgreSQL writes offsets within ±15:59:59.
            let parts = clock[clock.index(after: sign)...].split(separator: ":").map { Int64($0) }
            guard (1...3).contains(parts.count), parts.allSatisfy({ $0.map { (0..<60).contains($0) } ?? false }) else { return nil }
            let values = parts.map { $0 ?? 0 } + [0, 0]
            offsetSeconds = (values[0] * 3600 + values[1] * 60 + values[2]) * (clock[sign] == "-" ? -1 : 1)
            clock = clock[..<sign]
        }
        guard let time = TimeOfDay(iso8601: clock), let date = CalendarDate(year: bc ? 1 - year : year, month: month, day: day)
        else { return nil }
        // The offset applied to the time of day, so an instant in range written in a zone ahead
        // of UTC stays in range. Beyond what Timestamp holds (PostgreSQL's timestamps reach
        // 294276 AD): kept as PostgreSQL's text.
        let utcTime = TimeOfDay(microsecondsSinceMidnight: time.microsecondsSinceMidnight - offsetSeconds * 1_000_000)
        guard let timestamp = Timestamp(exactly: date, time: utcTime, hasTimeZone: hasTimeZone) else {
            return .scalar(BackendScalar(type: typeName(hasTimeZone), text: text))
        }
        return .timestamp(timestamp)
    }

    private static func parseDateFields(_ text: Substring) -> (Int, Int, Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        return (y, m, d)
    }
}
