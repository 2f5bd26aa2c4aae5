import Foundation
import Testing
import Switchyard

@Suite struct CalendarDateTests {
    @Test(arguments: ["1970-01-01", "1969-12-31", "2000-02-29", "0001-01-01", "9999-12-31", "-0044-03-15", "-0001-12-31", "12345-06-07"])
    func parsesAndPrintsTheSameText(_ text: String) throws {
        #expect(try #require(CalendarDate(iso8601: text)).description == text)
    }

    @Test func countsDaysFromTheEpoch() {
        #expect(CalendarDate(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(CalendarDate(year: 1969, month: 12, day: 31)?.daysSinceEpoch == -1)
        #expect(CalendarDate(year: 2000, month: 3, day: 1)?.daysSinceEpoch == 11_017)
        #expect(CalendarDate(year: 1, month: 1, day: 1)?.daysSinceEpoch == -719_162)
    }

    @Test(arguments: ["2023-02-29", "2024-13-01", "2024-04-31", "2024-1-01", "24-01-01", "2024/01/01", "", "2024-01-01x"])
    func rejectsDaysThatDoNotExist(_ text: String) {
        #expect(CalendarDate(iso8601: text) == nil)
    }

    @Test func centuriesAreLeapOnlyEveryFourHundredYears() {
        #expect(CalendarDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2000, month: 2, day: 29) != nil)
    }
}

@Suite struct TimeOfDayTests {
    @Test func parsesFractionsToMicroseconds() {
        #expect(TimeOfDay(iso8601: "12:34:56.7")?.microsecondsSinceMidnight == 45_296_700_000)
        #expect(TimeOfDay(iso8601: "00:00:00.000001")?.description == "00:00:00.000001")
        #expect(TimeOfDay(iso8601: "23:59")?.description == "23:59:00")
    }

    @Test(arguments: ["25:00", "12:60", "12", "12:00:00.", "ab:cd", "12:00:61", "+1:00", "-1:00", "12: 00"])
    func rejectsImpossibleTimes(_ text: String) {
        #expect(TimeOfDay(iso8601: text) == nil)
    }

    /// PostgreSQL's `time`: nothing past 24:00:00, whatever the fields.
    @Test(arguments: ["24:00:01", "24:59:60", "24:59", "23:59:60.5", "24:00:00.000001"])
    func refusesTimesPastTheEndOfTheDay(_ text: String) {
        #expect(TimeOfDay(iso8601: text) == nil)
        #expect(throws: SwitchyardError.self) { try TimeOfDay(parsing: text) }
    }

    @Test func refusesFieldsPastTheEndOfTheDayWhenBuilt() {
        #expect(TimeOfDay(hour: 24, minute: 0, second: 1) == nil)
        #expect(TimeOfDay(hour: 24, minute: 59, second: 60) == nil)
        #expect(TimeOfDay(hour: 24, minute: 0, second: 0, microsecond: 1) == nil)
        #expect(TimeOfDay(hour: 24, minute: 0, second: 0)?.description == "24:00:00")
    }

    /// As PostgreSQL reads them (checked against `SELECT '…'::time`).
    @Test(arguments: [
        ("23:59:60", "24:00:00"), ("12:30:60", "12:31:00"), ("24:00:00", "24:00:00"), ("1:2:3", "01:02:03"),
        ("23:59:59.9999995", "24:00:00"), ("12:30:00.1234567", "12:30:00.123457"), ("12:30:00.1234564", "12:30:00.123456"),
    ])
    func readsLeapSecondsAndLongFractionsAsPostgreSQLDoes(_ text: String, _ expected: String) throws {
        #expect(try TimeOfDay(parsing: text).description == expected)
        #expect(TimeOfDay(hour: 23, minute: 59, second: 60)?.description == "24:00:00")
    }

    @Test func theErrorSaysWhatIsWrong() {
        func message(_ text: String) -> String {
            do {
                _ = try TimeOfDay(parsing: text)
                return "accepted"
            } catch {
                return (error as? SwitchyardError)?.message ?? "\(error)"
            }
        }
        #expect(message("24:00:01") == "'24:00:01' is not a time of day: it is past 24:00:00")
        #expect(message("25:00") == "'25:00' is not a time of day: hour 25 is not in 0–24")
        #expect(message("12:60") == "'12:60' is not a time of day: minute 60 is not in 0–59")
        #expect(message("12:30:61") == "'12:30:61' is not a time of day: second 61 is not in 0–60")
        #expect(message("noon") == "'noon' is not a time of day: expected HH:MM, HH:MM:SS or HH:MM:SS.ffffff")
    }
}

@Suite struct TimestampTests {
    @Test(arguments: [
        "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999Z", "1900-01-01T00:00:00.000001Z", "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999Z", "-0044-03-15T12:00:00Z", "2024-05-01T12:30:00.123456Z",
    ])
    func parsesAndPrintsTheSameText(_ text: String) throws {
        #expect(try #require(Timestamp(iso8601: text)).description == text)
    }

    @Test func instantsBefore1970AreNegative() {
        #expect(Timestamp(iso8601: "1969-12-31T23:59:59.999999Z")?.microsecondsSinceEpoch == -1)
        #expect(Timestamp(Date(timeIntervalSince1970: -0.5)).microsecondsSinceEpoch == -500_000)
        #expect(Timestamp(microsecondsSinceEpoch: -1).calendarDate.description == "1969-12-31")
        #expect(Timestamp(microsecondsSinceEpoch: -1).timeOfDay.description == "23:59:59.999999")
    }

    @Test func offsetsAreAppliedAndTextWithoutOneIsUTC() {
        let utc = Timestamp(iso8601: "2024-05-01T10:00:00Z")
        #expect(Timestamp(iso8601: "2024-05-01T12:00:00+02:00") == utc)
        #expect(Timestamp(iso8601: "2024-05-01 05:00:00-0500") == utc)
        #expect(Timestamp(iso8601: "2024-05-01T10:00:00") == utc)
        #expect(Timestamp(iso8601: "2024-05-01") == Timestamp(iso8601: "2024-05-01T00:00:00Z"))
    }

    @Test func textWithoutAZoneIsATimestampWithoutTimeZoneAndPrintsWithoutZ() throws {
        let local = try #require(Timestamp(iso8601: "2024-01-02 03:04:05"))
        #expect(!local.hasTimeZone)
        #expect(local.description == "2024-01-02T03:04:05")
        #expect(Timestamp(iso8601: "2024-01-02")?.description == "2024-01-02T00:00:00")
        #expect(Timestamp(iso8601: "2024-01-02T03:04:05.25")?.description == "2024-01-02T03:04:05.250000")
        #expect(Timestamp(iso8601: "2024-01-02 05:04:05+02:00")?.description == "2024-01-02T03:04:05Z")
        #expect(Timestamp(microsecondsSinceEpoch: 0, hasTimeZone: false).description == "1970-01-01T00:00:00")
        #expect(Value.timestamp(local).description == "2024-01-02T03:04:05")
        #expect(JSON.serialize(.array([.timestamp(local)])) == #"["2024-01-02T03:04:05"]"#)
    }

    @Test func whetherAZoneWasGivenTakesNoPartInEqualityOrHashing() throws {
        let local = try #require(Timestamp(iso8601: "2024-01-02 03:04:05"))
        let utc = try #require(Timestamp(iso8601: "2024-01-02T03:04:05Z"))
        #expect(local == utc)
        #expect(local.hashValue == utc.hashValue)
        #expect(Set([Value.timestamp(local), .timestamp(utc)]).count == 1)
    }

    @Test(arguments: ["", "yesterday", "2024-05-01T", "2024-05-01T25:00:00Z", "2024-05-01T10:00:00+2", "2024-02-30T00:00:00Z"])
    func rejectsMalformedText(_ text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }

    @Test func roundTripsThroughDate() {
        let date = Date(timeIntervalSince1970: -86_400.25)
        #expect(Timestamp(date).date == date)
    }
}
