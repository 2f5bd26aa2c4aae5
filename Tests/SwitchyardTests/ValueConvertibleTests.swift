import Foundation
import Testing
import Switchyard

@Suite struct ValueConvertibleTests {
    @Test func integersConvertOnlyWhenExact() {
        #expect(Int64(value: .int(.max)) == .max)
        #expect(Int64(value: .double(3.0)) == 3)
        #expect(Int64(value: .double(3.5)) == nil)
        #expect(Int64(value: .double(.nan)) == nil)
        #expect(Int64(value: .decimal(ExactDecimal("12")!)) == 12)
        #expect(Int64(value: .text("-7")) == -7)
        #expect(Int64(value: .text("7x")) == nil)
        #expect(Int32(value: .int(Int64(Int32.max) + 1)) == nil)
        #expect(UInt8(value: .int(255)) == 255)
        #expect(UInt8(value: .int(256)) == nil)
        #expect(UInt8(value: .int(-1)) == nil)
        #expect(Int(value: .bool(true)) == 1)
    }

    @Test func boolsAcceptOnlyUnambiguousValues() {
        #expect(Bool(value: .int(1)) == true)
        #expect(Bool(value: .int(0)) == false)
        #expect(Bool(value: .int(2)) == nil)
        #expect(Bool(value: .text("TRUE")) == true)
        #expect(Bool(value: .text("f")) == false)
        #expect(Bool(value: .text("maybe")) == nil)
    }

    @Test func doublesAndDecimals() {
        #expect(Double(value: .int(3)) == 3.0)
        #expect(Double(value: .decimal(ExactDecimal("0.5")!)) == 0.5)
        #expect(Double(value: .text("1e3")) == 1000)
        #expect(ExactDecimal(value: .double(0.1))?.text == "0.1")
        #expect(ExactDecimal(value: .double(.infinity)) == nil)
        #expect(Decimal(value: .text("12.34")) == Decimal(string: "12.34"))
        #expect(Float(value: .double(1.5)) == 1.5)
    }

    @Test func stringsDescribeOtherValues() {
        #expect(String(value: .text("x")) == "x")
        #expect(String(value: .int(42)) == "42")
        #expect(String(value: .null) == nil)
        #expect(String(value: .scalar(BackendScalar(type: "objectId", text: "507f1f77bcf86cd799439011"))) == "507f1f77bcf86cd799439011")
    }

    @Test func uuidsFromTextAndSixteenBytes() throws {
        let uuid = try #require(UUID(uuidString: "123E4567-E89B-12D3-A456-426614174000"))
        #expect(UUID(value: .text("123e4567-e89b-12d3-a456-426614174000")) == uuid)
        let bytes = withUnsafeBytes(of: uuid.uuid) { Array($0) }
        #expect(UUID(value: .bytes(bytes)) == uuid)
        #expect(UUID(value: .bytes([1, 2, 3])) == nil)
        #expect(uuid.value.description == "123e4567-e89b-12d3-a456-426614174000")
    }

    @Test func bytesArraysAndData() {
        #expect(Data(value: .bytes([1, 2])) == Data([1, 2]))
        #expect(Data(value: .text("x")) == nil)
        #expect([UInt8](value: .bytes([9, 8])) == [9, 8])
        #expect([Int](value: .array([1, 2])) == [1, 2])
        #expect([Int](value: .array([1, "x"])) == nil)
        #expect(Value.bytes([0, 0xAB, 0xFF]).description == "\\x00abff")
    }

    @Test func datesAndTimes() throws {
        let instant = try #require(Timestamp(iso8601: "2024-05-01T12:30:00.25Z"))
        #expect(Date(value: .timestamp(instant)) == Date(timeIntervalSince1970: 1_714_566_600.25))
        #expect(Timestamp(value: .text("2024-05-01 12:30:00.25")) == instant)
        #expect(Timestamp(value: .date(CalendarDate(year: 1970, month: 1, day: 2)!)) == Timestamp(microsecondsSinceEpoch: 86_400_000_000))
        #expect(CalendarDate(value: .timestamp(instant)) == CalendarDate(year: 2024, month: 5, day: 1))
        #expect(TimeOfDay(value: .text("12:30")) == TimeOfDay(hour: 12, minute: 30, second: 0))
        #expect(Date(value: .text("not a date")) == nil)
    }

    @Test func optionalsMapNullToNil() {
        #expect(Int?(value: .null) == .some(nil))
        #expect(Int?(value: .int(3)) == .some(3))
        #expect(Int?(value: .text("x")) == nil)
        #expect(Int?.none.value == .null)
    }

    @Test func documentsFromJSONText() {
        #expect(Document(value: .text("{\"b\":1,\"a\":2}"))?.names == ["b", "a"])
        #expect(Document(value: .text("[1]")) == nil)
    }

    @Test func rowDecodeNamesTheMissingColumnAndTheMismatch() throws {
        let row = Row(columns: Columns(names: ["id", "name"]), values: [1, "Ada"])
        #expect(try row.decode("id", as: Int.self) == 1)
        let missing = try #require(throws: SwitchyardError.self) { try row.decode("age", as: Int.self) }
        #expect(missing.kind == .notFound)
        #expect(missing.message.contains("'age'") && missing.message.contains("id, name"))
        let mismatch = try #require(throws: SwitchyardError.self) { try row.decode("name", as: Int.self) }
        #expect(mismatch.kind == .typeMismatch)
    }

    @Test func literalsBuildValues() {
        let values: [Value] = [nil, true, 1, 1.5, "x", [1, 2]]
        #expect(values == [.null, .bool(true), .int(1), .double(1.5), .text("x"), .array([.int(1), .int(2)])])
        #expect(values.map(\.typeName) == ["null", "bool", "int", "double", "text", "array"])
    }
}
