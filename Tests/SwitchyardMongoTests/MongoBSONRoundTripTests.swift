import Foundation
import Switchyard
@testable import SwitchyardMongo
import Testing

/// Every BSON type goes to the server and comes back as the same value.
@Suite(.enabled(if: MongoTestServer.available, MongoTestServer.missingReason), .timeLimit(.minutes(1)))
struct MongoBSONRoundTripTests {
    static let values: [(String, Value)] = [
        ("double", .double(-2.25)), ("string", .text("Grüße 🚂")), ("document", .document(["z": 1, "a": .document(["y": "n"])])),
        ("array", .array([1, "two", .null])), ("binary", .bytes([0, 1, 255])),
        ("binaryOther", MongoScalarType.binary(subtype: 5, bytes: [1, 2, 3])),
        ("uuid", .uuid(UUID(uuidString: "123E4567-E89B-12D3-A456-426614174000")!)),
        ("objectId", MongoScalarType.objectId("507f1f77bcf86cd799439011")), ("bool", .bool(true)),
        ("date", .timestamp(Timestamp(microsecondsSinceEpoch: -1_234_567_000))), ("null", .null),
        ("regex", MongoScalarType.regex("^a.c$", flags: "i")), ("int32", .int(42)), ("int64", .int(Int64(Int32.max) + 1)),
        ("decimal", .decimal(ExactDecimal("-12345678901234567890.123456789")!)),
        ("timestamp", MongoScalarType.timestamp(seconds: 1_700_000_000, increment: 7)),
        ("minKey", .scalar(BackendScalar(type: "minKey", text: "MinKey"))), ("maxKey", .scalar(BackendScalar(type: "maxKey", text: "MaxKey"))),
        ("javascript", .scalar(BackendScalar(type: "javascript", text: "function () { return 1 }"))),
    ]

    @Test func everyBSONTypeRoundTripsInFieldOrder() async throws {
        let backend = try MongoTestServer.backend()
        let c = MongoTestServer.uniqueName("bson")
        var bindings: [Value] = [.int(1)]
        var fields = ["_id: $1"]
        for (name, value) in MongoBSONRoundTripTests.values {
            bindings.append(value)
            fields.append("\(name): $\(bindings.count)")
        }
        _ = try await backend.query(Statement("db.\(c).insertOne({\(fields.joined(separator: ", "))})", bindings, language: .mongo)).collect()
        let rows = try await backend.query(Statement("db.\(c).find({_id: $1})", [.int(1)], language: .mongo)).collect()
        _ = try await backend.query(Statement("db.\(c).drop()", language: .mongo)).collect()
        await backend.shutdown()

        let row = try #require(rows.first)
        #expect(row.columns.names == ["_id"] + MongoBSONRoundTripTests.values.map(\.0))
        for (name, value) in MongoBSONRoundTripTests.values {
            #expect(row[name] == value, "field \(name)")
        }
    }

    @Test func int32AndInt64KeepTheirWidthThroughShellConstructors() async throws {
        let backend = try MongoTestServer.backend()
        let c = MongoTestServer.uniqueName("width")
        _ = try await backend.query(Statement("db.\(c).insertOne({_id: 1, small: NumberLong(5), plain: 5})", language: .mongo)).collect()
        let types = try await backend.query(Statement(
            "db.\(c).aggregate([{$project: {small: {$type: '$small'}, plain: {$type: '$plain'}}}])", language: .mongo)).collect()
        _ = try await backend.query(Statement("db.\(c).drop()", language: .mongo)).collect()
        await backend.shutdown()
        #expect(types.first?["small"] == .text("long"))
        #expect(types.first?["plain"] == .text("int"))
    }

    @Test func aDecimalBeyondDecimal128IsRefusedNotRounded() async throws {
        let backend = try MongoTestServer.backend()
        let tooWide = Value.decimal(ExactDecimal("1234567890123456789012345678901234567890")!)
        let error = try await #require(throws: SwitchyardError.self) {
            _ = try await backend.query(Statement("db.never_created.insertOne({v: $1})", [tooWide], language: .mongo)).collect()
        }
        await backend.shutdown()
        #expect(error.kind == .invalidInput)
        #expect(error.message.contains("Decimal128"))
    }
}
