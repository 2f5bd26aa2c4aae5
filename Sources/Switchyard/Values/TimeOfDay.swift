/// A time of day with microsecond precision, no date or zone.
///
/// Its range is PostgreSQL's `time`: 00:00:00 to 24:00:00 inclusive. A second of 60 (a leap
/// second) counts as the next minute's first — 12:30:60 is 12:31:00, 23:59:60 is 24:00:00 —
/// and nothing may end past 24:00:00: 24:00:01, 24:59:60 and 23:59:60.5 are refused.
public struct TimeOfDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Microseconds since 00:00:00.
    public var microsecondsSinceMidnight: Int64

    /// Microseconds from 00:00:00 to 24:00:00, the latest time of day.
    public static let endOfDay: Int64 = 86_400_000_000

    /// The time `microsecondsSinceMidnight` microseconds after midnight; the value is not checked.
    @inlinable public init(microsecondsSinceMidnight: Int64) { self.microsecondsSinceMidnight = microsecondsSinceMidnight }

    /// `nil` unless PostgreSQL would take the fields: hour 0–24, minute 0–59, second 0–60,
    /// microsecond 0–999,999, and the whole no later than 24:00:00.
    @inlinable public init?(hour: Int, minute: Int, second: Int, microsecond: Int = 0) {
        guard (0..<1_000_000).contains(microsecond), Self.problem(hour: hour, minute: minute, second: second) == nil else { return nil }
        let total = Self.microseconds(hour: hour, minute: minute, second: second) + Int64(microsecond)
        guard total <= Self.endOfDay else { return nil }
        microsecondsSinceMidnight = total
    }

    /// Parses `H[H]:MM[:SS[.ffffff]]` by PostgreSQL's rules (a leap second, 24:00:00 at most;
    /// digits past the sixth round). `nil` when it is not a time of day: ``init(parsing:)``
    /// says why.
    public init?(iso8601 text: some StringProtocol) {
        guard case .success(let time) = Self.parse(Substring(text)) else { return nil }
        self = time
    }

    /// Parses `text` as ``init(iso8601:)`` does; throws `.invalidInput` naming what is wrong —
    /// the shape, the field out of range, or a time past 24:00:00.
    public init(parsing text: some StringProtocol) throws {
        switch Self.parse(Substring(text)) {
        case .success(let time):
            self = time
        case .failure(let problem):
            throw SwitchyardError(.invalidInput, "'\(text)' is not a time of day: \(problem.explanation)", hint: "times run from 00:00:00 to 24:00:00")
        }
    }

    public var description: String {
        let us = microsecondsSinceMidnight
        let seconds = us / 1_000_000
        let base = "\(pad(Int(seconds / 3600), 2)):\(pad(Int(seconds / 60 % 60), 2)):\(pad(Int(seconds % 60), 2))"
        let frac = us % 1_000_000
        return frac == 0 ? base : base + "." + pad(Int(frac), 6)
    }

    public static func < (a: Self, b: Self) -> Bool { a.microsecondsSinceMidnight < b.microsecondsSinceMidnight }

    /// Why a time of day was refused.
    @usableFromInline enum Problem: Error {
        case shape
        case hour(Int)
        case minute(Int)
        case second(Int)
        case pastEndOfDay

        var explanation: String {
            switch self {
            case .shape: return "expected HH:MM, HH:MM:SS or HH:MM:SS.ffffff"
            case .hour(let hour): return "hour \(hour) is not in 0–24"
            case .minute(let minute): return "minute \(minute) is not in 0–59"
            case .second(let second): return "second \(second) is not in 0–60"
            case .pastEndOfDay: return "it is past 24:00:00"
            }
        }
    }

    /// The field out of range, if one is.
    @inlinable static func problem(hour: Int, minute: Int, second: Int) -> Problem? {
        if !(0...24).contains(hour) { return .hour(hour) }
        if !(0...59).contains(minute) { return .minute(minute) }
        if !(0...60).contains(second) { return .second(second) }
        return nil
    }

    @inlinable static func microseconds(hour: Int, minute: Int, second: Int) -> Int64 {
        ((Int64(hour) * 60 + Int64(minute)) * 60 + Int64(second)) * 1_000_000
    }

    private static func parse(_ text: Substring) -> Result<TimeOfDay, Problem> {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return .failure(.shape) }
        let seconds = parts.count == 3 ? parts[2].split(separator: ".", omittingEmptySubsequences: false) : ["0"]
        guard seconds.count <= 2, let hour = digits(parts[0], most: 2), let minute = digits(parts[1], most: 2),
            let second = digits(seconds[0], most: 2)
        else { return .failure(.shape) }
        var fraction: Int64 = 0
        if seconds.count == 2 {
            let all = seconds[1]
            guard isDigits(all) else { return .failure(.shape) }
            // Six digits count; the seventh rounds, as PostgreSQL does.
            let kept = all.prefix(6)
            fraction = Int64(kept)! * Int64(pow10(6 - kept.count))
            if let seventh = all.dropFirst(6).first, seventh >= "5" { fraction += 1 }
        }
        if let problem = problem(hour: hour, minute: minute, second: second) { return .failure(problem) }
        let total = microseconds(hour: hour, minute: minute, second: second) + fraction
        guard total <= endOfDay else { return .failure(.pastEndOfDay) }
        return .success(TimeOfDay(microsecondsSinceMidnight: total))
    }

    /// `text` as a number when it is 1 to `most` ASCII digits.
    private static func digits(_ text: Substring, most: Int) -> Int? {
        guard text.utf8.count <= most, isDigits(text) else { return nil }
        return Int(text)
    }

    /// Whether `text` is one or more ASCII digits.
    private static func isDigits(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 &- UInt8(ascii: "0") < 10 }
    }

    private static func pow10(_ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { product, _ in product * 10 }
    }
}
