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

    @Test(arguments: ["25:00", "12:60", "12", "12:00:00.", "ab:cd", "12:00:61"])
    func rejectsImpossibleTimes(_ text: String) {
        #expect(TimeOfDay(iso8601: text) == nil)
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
