import Foundation
import Testing
import Switchyard

struct Address: Codable, Hashable {
    var street: String
    var zip: String?
}

enum Plan: String, Codable, Hashable { case free, pro }

struct Customer: Entity, Hashable {
    static let storageName = "customers"
    var id: UUID
    var name: String
    var nickname: String?
    var age: Int?
    var small: Int8
    var port: UInt16
    var huge: UInt64
    var balance: Double
    var active: Bool
    var joined: Date
    var avatar: Data
    var plan: Plan
    var tags: [String]
    var address: Address
}

@Suite struct EntityCodingTests {
    let customer = Customer(
        id: UUID(uuidString: "123E4567-E89B-12D3-A456-426614174000")!, name: "Ada", nickname: nil, age: 36, small: -8,
        port: 65_535, huge: .max, balance: -12.5, active: true, joined: Date(timeIntervalSince1970: -1_000.5),
        avatar: Data([0, 1, 255]), plan: .pro, tags: ["x", "y"], address: Address(street: "1 Main St", zip: nil))

    private func row(_ document: Document) -> Row {
        Row(columns: Columns(names: document.names), values: document.map(\.value))
    }

    @Test func encodesFieldsInCodingKeyOrderWithNilAsNull() throws {
        let document = try EntityEncoder.encode(customer)
        #expect(document.names == ["id", "name", "nickname", "age", "small", "port", "huge", "balance", "active", "joined", "avatar", "plan", "tags", "address"])
        #expect(document["nickname"] == .null)
        #expect(document["small"] == .int(-8))
        #expect(document["port"] == .int(65_535))
        #expect(document["huge"] == .decimal(ExactDecimal("18446744073709551615")!))
        #expect(document["joined"] == .timestamp(Timestamp(microsecondsSinceEpoch: -1_000_500_000)))
        #expect(document["avatar"] == .bytes([0, 1, 255]))
        #expect(document["plan"] == .text("pro"))
        #expect(document["address"] == .document(["street": "1 Main St", "zip": .null]))
    }

    @Test func decodesWhatItEncoded() throws {
        let decoded = try Customer(from: RowDecoder(row: row(try EntityEncoder.encode(customer))))
        #expect(decoded == customer)
    }

    @Test func decodesNestedValuesStoredAsJSONText() throws {
        var document = try EntityEncoder.encode(customer)
        document["address"] = .text(#"{"street":"1 Main St","zip":null}"#)
        document["tags"] = .text(#"["x","y"]"#)
        let decoded = try Customer(from: RowDecoder(row: row(document)))
        #expect(decoded == customer)
    }

    @Test func decodesValuesInTheFormsBackendsReturn() throws {
        var document = try EntityEncoder.encode(customer)
        document["id"] = .text("123e4567-e89b-12d3-a456-426614174000")
        document["active"] = .int(1)
        document["joined"] = .text("1969-12-31 23:43:19.5")
        document["huge"] = .text("18446744073709551615")
        let decoded = try Customer(from: RowDecoder(row: row(document)))
        #expect(decoded == customer)
    }

    @Test func aMissingColumnIsAClearError() throws {
        var document = try EntityEncoder.encode(customer)
        document["name"] = nil
        let error = try #require(throws: SwitchyardError.self) { try Customer(from: RowDecoder(row: row(document))) }
        #expect(error.kind == .notFound)
        #expect(error.message.contains("'name'"))
    }

    @Test func aMissingOptionalColumnDecodesAsNil() throws {
        var document = try EntityEncoder.encode(customer)
        document["age"] = nil
        #expect(try Customer(from: RowDecoder(row: row(document))).age == nil)
    }

    @Test func aValueThatDoesNotFitNamesTheField() throws {
        var document = try EntityEncoder.encode(customer)
        document["small"] = .int(300)
        let error = try #require(throws: SwitchyardError.self) { try Customer(from: RowDecoder(row: row(document))) }
        #expect(error.kind == .typeMismatch)
        #expect(error.message.contains("small"))
    }

    @Test func aScalarThatDoesNotConvertNamesTheFieldAndItsType() throws {
        for (field, value) in [("balance", Value.text("lots")), ("active", .text("maybe")), ("name", .null), ("joined", .text("soon"))] {
            var document = try EntityEncoder.encode(customer)
            document[field] = value
            let error = try #require(throws: SwitchyardError.self) { try Customer(from: RowDecoder(row: row(document))) }
            #expect(error.kind == .typeMismatch, "\(field)")
            #expect(error.message.contains("field '\(field)'"), "\(error.message)")
        }
    }

    @Test func identifiersAreQuotedWithEmbeddedQuotesDoubled() {
        #expect(TestDialect().quote("items") == "\"items\"")
        #expect(TestDialect().quote("we\"ird\"") == "\"we\"\"ird\"\"\"")
        #expect(TestDialect().quote("") == "\"\"")
        #expect(TestDialect().quoteQualified("main.\"t\"") == "\"main\".\"\"\"t\"\"\"")
    }

    @Test func aTypeThatIsNotKeyedCannotBeAnEntity() {
        #expect(throws: SwitchyardError.self) { try EntityEncoder.encode([1, 2]) }
    }

    @Test func aDateBeyondWhatATimestampHoldsIsRefusedNamingTheField() throws {
        var far = customer
        far.joined = Date(timeIntervalSince1970: 1e16)
        let error = try #require(throws: SwitchyardError.self) { try EntityEncoder.encode(far) }
        #expect(error.kind == .invalidInput)
        #expect(error.message.contains("field 'joined'"), "\(error.message)")
        #expect(error.message.contains("beyond the range a timestamp holds"), "\(error.message)")
    }

    @Test func datesInOptionalsAndArraysAreCheckedToo() throws {
        struct Schedule: Codable {
            var next: Date?
            var history: [Date]
            var gaps: [Date?]
        }
        let ok = Date(timeIntervalSince1970: 9.2e12)
        let far = Date(timeIntervalSince1970: -1e16)
        #expect(try EntityEncoder.encode(Schedule(next: ok, history: [ok], gaps: [nil, ok]))["history"] == .array([ok.value]))
        for schedule in [
            Schedule(next: far, history: [], gaps: []), Schedule(next: nil, history: [ok, far], gaps: []),
            Schedule(next: nil, history: [], gaps: [nil, far]),
        ] {
            #expect(throws: SwitchyardError.self) { try EntityEncoder.encode(schedule) }
        }
        #expect(throws: SwitchyardError.self) { try EntityEncoder.encodeValue(far) }
    }
}
