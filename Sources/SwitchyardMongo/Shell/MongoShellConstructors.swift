import Foundation
import Switchyard

/// The shell's value constructors: `ObjectId("…")`, `ISODate("…")`, `Date(…)`,
/// `NumberLong(…)`, `NumberInt(…)`, `NumberDecimal("…")`, `UUID("…")`,
/// `Timestamp(s, i)`, `BinData(t, "base64")`.
enum MongoShellConstructors {
    static func make(_ name: String, _ args: [Value], at position: Int, lexer: MongoShellLexer) throws -> Value {
        func fail(_ expected: String) -> SwitchyardError { lexer.error(expected, at: position) }
        func onlyText() -> String? {
            guard args.count == 1, case .text(let t) = args[0] else { return nil }
            return t
        }
        func integer(_ value: Value) -> Int64? {
            switch value {
            case .int(let i): i
            case .double(let d) where d.rounded() == d && abs(d) < 9.2e18: Int64(d)
            case .text(let t): Int64(t)
            default: nil
            }
        }
        switch name {
        case "ObjectId", "ObjectID":
            if args.isEmpty { return MongoScalarType.objectId(MongoObjectID.generate()) }
            guard let hex = onlyText(), hex.utf8.count == 24, hex.allSatisfy(\.isHexDigit) else {
                throw fail("ObjectId(\"24 hex digits\")")
            }
            return MongoScalarType.objectId(hex)
        case "ISODate", "Date":
            if args.isEmpty { return .timestamp(Timestamp(Date())) }
            if args.count == 1, let ms = integer(args[0]), !(args[0].isText) {
                return MongoScalarType.date(milliseconds: ms)
            }
            guard let text = onlyText(), var instant = Timestamp(iso8601: text) else {
                throw fail("\(name)(\"YYYY-MM-DDTHH:MM:SS[.fff]Z\") or \(name)(milliseconds)")
            }
            instant.hasTimeZone = true  // as in mongosh: text without a zone is UTC, and a BSON date an instant
            return .timestamp(instant)
        case "NumberLong", "Long":
            guard args.count == 1, let v = integer(args[0]) else { throw fail("\(name)(integer) or \(name)(\"integer\")") }
            return .scalar(BackendScalar(type: MongoScalarType.int64, text: String(v)))
        case "NumberInt", "Int32":
            guard args.count == 1, let v = integer(args[0]), let small = Int32(exactly: v) else {
                throw fail("\(name)(a 32-bit integer)")
            }
            return .scalar(BackendScalar(type: MongoScalarType.int32, text: String(small)))
        case "NumberDecimal", "Decimal128":
            let text: String? = switch args.first {
            case .text(let t)?: t
            case .int(let i)?: String(i)
            case .double(let d)?: String(d)
            default: nil
            }
            guard args.count == 1, let text, let decimal = ExactDecimal(text) else { throw fail("\(name)(\"decimal digits\")") }
            return .decimal(decimal)
        case "NumberDouble", "Double":
            guard args.count == 1 else { throw fail("\(name)(number)") }
            switch args[0] {
            case .int(let i): return .double(Double(i))
            case .double(let d): return .double(d)
            case .text(let t): if let d = Double(t) { return .double(d) }
            default: break
            }
            throw fail("\(name)(number)")
        case "UUID":
            if args.isEmpty { return .uuid(UUID()) }
            guard let text = onlyText(), let uuid = UUID(uuidString: text) ?? UUID(hexDigits: text) else {
                throw fail("UUID(\"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\")")
            }
            return .uuid(uuid)
        case "Timestamp":
            guard args.count == 2, let s = integer(args[0]), let i = integer(args[1]), let s32 = UInt32(exactly: s),
                let i32 = UInt32(exactly: i)
            else { throw fail("Timestamp(seconds, increment)") }
            return MongoScalarType.timestamp(seconds: s32, increment: i32)
        case "BinData":
            guard args.count == 2, let subtype = integer(args[0]), let sub8 = UInt8(exactly: subtype), case .text(let b64) = args[1],
                let data = Data(base64Encoded: b64)
            else { throw fail("BinData(subtype, \"base64\")") }
            if sub8 == 0 { return .bytes(Array(data)) }
            return MongoScalarType.binary(subtype: sub8, bytes: Array(data))
        case "RegExp":
            guard let first = args.first, case .text(let pattern) = first, args.count <= 2 else { throw fail("RegExp(\"pattern\", \"flags\")") }
            var flags = ""
            if args.count == 2, case .text(let f) = args[1] { flags = f }
            return MongoScalarType.regex(pattern, flags: flags)
        default:
            throw fail("a value (unknown constructor '\(name)')")
        }
    }
}

extension Value {
    fileprivate var isText: Bool {
        if case .text = self { return true }
        return false
    }
}

extension UUID {
    /// 32 hex digits without dashes.
    fileprivate init?(hexDigits text: String) {
        guard text.utf8.count == 32, text.allSatisfy(\.isHexDigit) else { return nil }
        let t = Array(text)
        let dashed = String(t[0..<8]) + "-" + String(t[8..<12]) + "-" + String(t[12..<16]) + "-" + String(t[16..<20]) + "-" + String(t[20...])
        self.init(uuidString: dashed)
    }
}
