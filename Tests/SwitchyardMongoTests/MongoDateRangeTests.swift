import Foundation
import Switchyard
@testable import SwitchyardMongo
import Testing

/// BSON dates count milliseconds in an Int64, ``Timestamp`` microseconds: a thousandth of
/// BSON's range. Dates beyond a `Timestamp` travel as a `date` scalar that writes back the
/// same BSON date; values that no BSON date holds are refused clearly.
@Suite struct MongoDateRangeTests {
    static let lastMillisecond = Timestamp(microsecondsSinceEpoch: 9_223_372_036_854_775_000)
    static let firstMillisecond = Timestamp(microsecondsSinceEpoch: -9_223_372_036_854_775_000)

    @Test func datesAsFarAsATimestampReachAreTimestampsAndBeyondAreDateScalars() {
        #expect(MongoScalarType.date(milliseconds: 9_223_372_036_854_775) == .timestamp(Self.lastMillisecond))
        #expect(MongoScalarType.date(milliseconds: -9_223_372_036_854_775) == .timestamp(Self.firstMillisecond))
        #expect(MongoScalarType.date(milliseconds: 9_223_372_036_854_776) == .scalar(BackendScalar(type: "date", text: "Date(9223372036854776)")))
        #expect(MongoScalarType.date(milliseconds: .min) == .scalar(BackendScalar(type: "date", text: "Date(-9223372036854775808)")))
    }

    @Test func everyBSONDateReadsAndWritesBackTheSame() throws {
        let document: Document = [
            "_id": 1, "last": .timestamp(Self.lastMillisecond), "first": .timestamp(Self.firstMillisecond),
            "max": MongoScalarType.date(milliseconds: .max), "min": MongoScalarType.date(milliseconds: .min),
        ]
        #expect(try BSONWriter.withBSON(document) { BSONReader().document($0) } == document)
    }

    @Test func timestampsAtTheEndsWriteTheirMillisecond() throws {
        let document: Document = ["max": .timestamp(Timestamp(microsecondsSinceEpoch: .max)), "min": .timestamp(Timestamp(microsecondsSinceEpoch: .min))]
        let read = try BSONWriter.withBSON(document) { BSONReader().document($0) }
        // The first microsecond's millisecond (rounded down) is just before the first a Timestamp holds.
        #expect(read == ["max": .timestamp(Self.lastMillisecond), "min": MongoScalarType.date(milliseconds: -9_223_372_036_854_776)])
    }

    @Test func aCalendarDateBeyondABSONDateIsRefused() throws {
        for days: Int64 in [.max, .min, 106_751_991_168, -106_751_991_168] {
            let error = try #require(throws: SwitchyardError.self) {
                try BSONWriter.withBSON(["d": .date(CalendarDate(daysSinceEpoch: days))]) { _ in }
            }
            #expect(error.kind == .invalidInput)
            #expect(error.message.contains("beyond the range of a BSON date"))
        }
        // BSON's last whole day is far beyond a Timestamp: it reads back as a date scalar.
        let lastDay = CalendarDate(daysSinceEpoch: 106_751_991_167)
        #expect(
            try BSONWriter.withBSON(["d": .date(lastDay)]) { BSONReader().document($0) }
                == ["d": MongoScalarType.date(milliseconds: 106_751_991_167 * 86_400_000)])
    }

    @Test func extendedJSONSpellsFarDatesAsNumberLongAndNeverTraps() {
        let farthest = MongoExtendedJSON.relaxed(MongoScalarType.date(milliseconds: .max))
        #expect(JSON.serialize(farthest) == #"{"$date":{"$numberLong":"9223372036854775807"}}"#)
        let first = MongoExtendedJSON.relaxed(.timestamp(Timestamp(microsecondsSinceEpoch: .min)))
        #expect(JSON.serialize(first) == #"{"$date":{"$numberLong":"-9223372036854776"}}"#)
        #expect(MongoExtendedJSON.relaxed(.date(CalendarDate(daysSinceEpoch: .max))) == .text("25252734927768524-07-27"))
    }

    @Test func theShellsDateOfAnyMillisecondsIsTheBSONDate() throws {
        let command = try MongoShellParser.parse(
            "db.t.insertOne({a: Date(9223372036854775807), b: new Date(-9223372036854775), c: Date(\"294247-01-10T04:00:54.775Z\")})"
        ).command
        guard case .insert(_, let documents) = command else {
            Issue.record("expected an insert, got \(command)")
            return
        }
        let document = try #require(documents.first)
        #expect(document["a"] == MongoScalarType.date(milliseconds: .max))
        #expect(document["b"] == .timestamp(Self.firstMillisecond))
        #expect(document["c"] == .timestamp(Self.lastMillisecond))
    }
}

/// The same dates through a server. MongoDB stores every BSON date; a server that holds
/// fewer (the test server keeps years 1–9999, as Python's `datetime` does) must refuse the
/// others with an error, never crash the client.
@Suite(.enabled(if: MongoTestServer.available, MongoTestServer.missingReason), .timeLimit(.minutes(1)))
struct MongoDateRangeServerTests {
    @Test func datesAtBothEndsRoundTripOrAreRefusedByTheServer() async throws {
        let backend = try MongoTestServer.backend()
        let c = MongoTestServer.uniqueName("dates")
        let values: [Value] = [
            .timestamp(Timestamp(iso8601: "9999-12-31T23:59:59.999Z")!), .timestamp(Timestamp(iso8601: "0001-01-01T00:00:00Z")!),
            .timestamp(MongoDateRangeTests.lastMillisecond), .timestamp(MongoDateRangeTests.firstMillisecond),
            MongoScalarType.date(milliseconds: .max), MongoScalarType.date(milliseconds: .min),
        ]
        for (id, value) in values.enumerated() {
            do {
                _ = try await backend.query(Statement("db.\(c).insertOne({_id: $1, v: $2})", [.int(Int64(id)), value], language: .mongo)).collect()
            } catch let error as SwitchyardError {
                #expect(id >= 2, "a date of the years 1–9999 refused: \(error)")
                continue
            }
            let rows = try await backend.query(Statement("db.\(c).find({_id: $1})", [.int(Int64(id))], language: .mongo)).collect()
            #expect(rows.first?["v"] == value)
        }
        _ = try await backend.query(Statement("db.\(c).drop()", language: .mongo)).collect()
        await backend.shutdown()
    }
}
