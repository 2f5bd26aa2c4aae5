import Foundation
import Testing
import Switchyard

/// Dates and times at and beyond the ends of what the types hold: every one prints, splits
/// and converts without trapping, and parsing or converting beyond the range gives `nil`.
@Suite struct TemporalRangeTests {
    @Test(arguments: [Int64.max, .min, .max / 2, .min / 2, 106_751_991_167_300, -106_751_991_167_301])
    func everyDayCountPrintsAndReadsBack(_ days: Int64) throws {
        let date = CalendarDate(daysSinceEpoch: days)
        let text = date.description
        #expect(try #require(CalendarDate(iso8601: text)) == date, "\(text)")
    }

    @Test func theLastDaysPrintWithAllTheirYearDigits() {
        #expect(CalendarDate(daysSinceEpoch: .max).description == "25252734927768524-07-27")
        #expect(CalendarDate(daysSinceEpoch: .min).description == "-25252734927764585-06-07")
    }

    @Test func yearsBeyondADayCountAreNotDates() {
        #expect(CalendarDate(year: .max, month: 12, day: 31) == nil)
        #expect(CalendarDate(year: .min, month: 1, day: 1) == nil)
        #expect(CalendarDate(year: 25_252_734_927_768_525, month: 1, day: 1) == nil)
        #expect(CalendarDate(iso8601: "99999999999999999999-01-01") == nil)
        #expect(CalendarDate(year: 10_000_000_000_000_000, month: 3, day: 1)?.description == "10000000000000000-03-01")
    }

    @Test func fieldsAreDigitsOnlyAndAnISOPlusSignIsAccepted() {
        #expect(CalendarDate(iso8601: "2024-+1-01") == nil)
        #expect(CalendarDate(iso8601: "+2024-01-01") == CalendarDate(year: 2024, month: 1, day: 1))
        #expect(CalendarDate(iso8601: "+12345-06-07")?.description == "12345-06-07")
    }

    @Test func theFirstAndLastMicrosecondsPrintAndReadBack() throws {
        let last = Timestamp(microsecondsSinceEpoch: .max)
        let first = Timestamp(microsecondsSinceEpoch: .min)
        #expect(last.description == "294247-01-10T04:00:54.775807Z")
        #expect(first.description == "-290308-12-21T19:59:05.224192Z")
        #expect(first.timeOfDay.description == "19:59:05.224192")
        #expect(try #require(Timestamp(iso8601: last.description)).microsecondsSinceEpoch == .max)
        #expect(try #require(Timestamp(iso8601: first.description)).microsecondsSinceEpoch == .min)
        #expect(Timestamp(microsecondsSinceEpoch: .min, hasTimeZone: false).description == "-290308-12-21T19:59:05.224192")
    }

    @Test func unixSecondsNearTheEndSplitIntoADayAndATime() {
        let early = Timestamp(microsecondsSinceEpoch: -9_223_372_036_854 * 1_000_000)
        #expect(early.description == "-290308-12-21T19:59:06Z")
        #expect(early.timeOfDay == TimeOfDay(hour: 19, minute: 59, second: 6))
        #expect("\(Value.timestamp(early))" == "-290308-12-21T19:59:06Z")
    }

    @Test(arguments: [
        "300000-01-01T00:00:00Z", "300000-01-01 00:00:00", "9999999-01-01", "-300000-01-01", "294247-01-10T04:00:54.775808Z",
        "-290308-12-21T19:59:05.224191Z", "294247-01-10T04:00:54.775807-01:00", "99999999999999999-01-01T00:00:00Z",
    ])
    func textBeyondTheRangeIsNotATimestamp(_ text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }

    @Test func theLastMicrosecondWithAnOffsetThatBringsItInRangeParses() {
        #expect(Timestamp(iso8601: "294247-01-10T05:00:54.775807+01:00")?.microsecondsSinceEpoch == .max)
    }

    @Test(arguments: ["+99:99", "+16:00", "-16:00", "+05:60", "+1560", "+15:99", "+-1", "+ 1"])
    func offsetsBeyondFifteenFiftyNineAreRefused(_ offset: String) {
        #expect(Timestamp(iso8601: "2024-05-01T12:00:00" + offset) == nil)
    }

    @Test func offsetsUpToFifteenFiftyNineAreApplied() {
        #expect(Timestamp(iso8601: "2024-05-01T15:59:00+15:59") == Timestamp(iso8601: "2024-05-01T00:00:00Z"))
        #expect(Timestamp(iso8601: "2024-05-01T00:00:00-1559") == Timestamp(iso8601: "2024-05-01T15:59:00Z"))
    }

    @Test func datesAndTimesBeyondTheRangeClampOrGiveNil() {
        let far = CalendarDate(daysSinceEpoch: .max)
        let before = CalendarDate(daysSinceEpoch: .min)
        #expect(Timestamp(date: far).microsecondsSinceEpoch == .max)
        #expect(Timestamp(date: before).microsecondsSinceEpoch == .min)
        #expect(Timestamp(exactly: far) == nil)
        #expect(Timestamp(exactly: before) == nil)
        #expect(Timestamp(value: .date(far)) == nil)
        #expect(Date(value: .date(before)) == nil)
        let lastDay = Timestamp(microsecondsSinceEpoch: .min).calendarDate
        #expect(Timestamp(exactly: lastDay) == nil, "its midnight is before the first microsecond")
        let lastTime = Timestamp(microsecondsSinceEpoch: .min).timeOfDay
        #expect(Timestamp(exactly: lastDay, time: lastTime)?.microsecondsSinceEpoch == .min)
    }

    @Test(arguments: [1e16, -1e16, 9.3e12, -9.3e12, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity])
    func datesBeyondTheRangeClampAndDoNotValidate(_ seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        let clamped: Int64 = seconds < 0 ? .min : .max
        #expect(Timestamp(date).microsecondsSinceEpoch == clamped)
        #expect(date.value == .timestamp(Timestamp(microsecondsSinceEpoch: clamped)))
        #expect(Timestamp(validating: date) == nil)
    }

    @Test func aNaNDateIsTheEpochOrNil() {
        let date = Date(timeIntervalSince1970: .nan)
        #expect(Timestamp(date).microsecondsSinceEpoch == 0)
        #expect(Timestamp(validating: date) == nil)
    }

    @Test func datesWithinTheRangeValidate() {
        #expect(Timestamp(validating: Date(timeIntervalSince1970: 9.2e12))?.microsecondsSinceEpoch == 9_200_000_000_000_000_000)
        #expect(Timestamp(validating: Date(timeIntervalSince1970: -1.5))?.microsecondsSinceEpoch == -1_500_000)
    }

    @Test func anUncheckedTimeOfDayPrintsWhateverItHolds() {
        // The initializer does not check its value; printing one out of range must still not trap.
        for micros: Int64 in [.max, .min, -1, 86_400_000_000] {
            #expect(!TimeOfDay(microsecondsSinceMidnight: micros).description.isEmpty)
        }
        #expect(TimeOfDay(microsecondsSinceMidnight: 86_400_000_000).description == "24:00:00")
    }

    @Test func aTimestampsDateIsFiniteAtBothEnds() {
        #expect(Timestamp(microsecondsSinceEpoch: .max).date.timeIntervalSince1970 == 9_223_372_036_854.775807)
        #expect(Timestamp(microsecondsSinceEpoch: .min).date.timeIntervalSince1970 == -9_223_372_036_854.775808)
    }
}
