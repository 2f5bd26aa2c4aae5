import Foundation
import Switchyard

/// Values in MongoDB's relaxed Extended JSON (v2) shape, for `\format json` in the REPL.
///
/// Plain JSON has no ObjectId, date, Decimal128 or binary, so they are spelled as
/// documents with `$` keys — `{"$oid": "…"}`, `{"$date": "2024-05-01T12:30:00.123Z"}`,
/// `{"$numberDecimal": "12.50"}`, `{"$binary": {"base64": "…", "subType": "04"}}` — which
/// mongosh, mongoexport and every driver read back. The result is an ordinary
/// ``Value`` tree the core's ``JSON/serialize(_:)`` writes.
public enum MongoExtendedJSON {
    /// `value` in relaxed Extended JSON form.
    public static func relaxed(_ value: Value) -> Value {
        switch value {
        case .null, .bool, .int, .text: return value
        case .double(let d): return d.isFinite ? value : .document(["$numberDouble": .text(d.isNaN ? "NaN" : d < 0 ? "-Infinity" : "Infinity")])
        case .decimal(let d): return .document(["$numberDecimal": .text(d.text)])
        case .bytes(let bytes): return binary(bytes, subtype: 0)
        case .uuid(let uuid): return binary(withUnsafeBytes(of: uuid.uuid) { Array($0) }, subtype: 4)
        case .timestamp(let t): return date(milliseconds: floorDivide(t.microsecondsSinceEpoch, 1_000))
        case .date(let d):
            let (ms, overflow) = d.daysSinceEpoch.multipliedReportingOverflow(by: 86_400_000)
            return overflow ? .text(d.description) : date(milliseconds: ms)
        case .time(let t): return .text(t.description)
        case .array(let values): return .array(values.map(relaxed))
        case .document(let document): return .document(Document(document.fields.map { Document.Field($0.name, relaxed($0.value)) }))
        case .scalar(let scalar): return relaxed(scalar)
        }
    }

    private static func relaxed(_ scalar: BackendScalar) -> Value {
        switch scalar.type {
        case MongoScalarType.objectId: return .document(["$oid": .text(scalar.text)])
        case MongoScalarType.regex:
            let (pattern, flags) = MongoScalarType.splitRegex(scalar.text) ?? (scalar.text, "")
            return .document(["$regularExpression": .document(["pattern": .text(pattern), "options": .text(flags)])])
        case MongoScalarType.timestamp:
            let (t, i) = MongoScalarType.timestampParts(scalar.text) ?? (0, 0)
            return .document(["$timestamp": .document(["t": .int(Int64(t)), "i": .int(Int64(i))])])
        case MongoScalarType.binary:
            let (subtype, bytes) = MongoScalarType.binaryParts(scalar.text) ?? (0, [])
            return binary(bytes, subtype: subtype)
        case MongoScalarType.date:
            return MongoScalarType.dateMilliseconds(scalar.text).map(date(milliseconds:)) ?? .text(scalar.text)
        case MongoScalarType.minKey: return .document(["$minKey": 1])
        case MongoScalarType.maxKey: return .document(["$maxKey": 1])
        case MongoScalarType.javascript: return .document(["$code": .text(scalar.text)])
        case MongoScalarType.int32, MongoScalarType.int64: return Int64(scalar.text).map(Value.int) ?? .text(scalar.text)
        default: return .text(scalar.text)
        }
    }

    private static func binary(_ bytes: [UInt8], subtype: UInt8) -> Value {
        let hex = String(subtype, radix: 16)
        return .document(["$binary": .document(["base64": .text(Data(bytes).base64EncodedString()), "subType": .text(hex.count == 1 ? "0" + hex : hex)])])
    }

    /// ISO 8601 with milliseconds for years 1970–9999 (relaxed form), `$numberLong` otherwise.
    private static func date(milliseconds ms: Int64) -> Value {
        guard ms >= 0, ms < 253_402_300_800_000 else { return .document(["$date": .document(["$numberLong": .text(String(ms))])]) }
        let instant = Timestamp(microsecondsSinceEpoch: ms * 1_000)
        let day = instant.calendarDate.description
        let micros = instant.timeOfDay.microsecondsSinceMidnight
        let seconds = micros / 1_000_000
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let millis = String(micros % 1_000_000 / 1_000)
        let fraction = String(repeating: "0", count: 3 - millis.count) + millis
        return .document(["$date": .text("\(day)T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)).\(fraction)Z")])
    }
}
