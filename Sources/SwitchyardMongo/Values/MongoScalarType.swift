import Foundation
import Switchyard

/// The ``BackendScalar`` type tags the MongoDB adapter reads and writes, for BSON
/// types the core's ``Value`` does not model.
///
/// Each tag's text is a form the `.mongo` shell parser accepts back, so a value shown
/// in the REPL can be pasted into a statement: `ObjectId` is its 24 hex digits,
/// `regex` is `/pattern/flags`, `timestamp` is `Timestamp(seconds, increment)`,
/// `binary` is `BinData(subtype, "base64")`, `minKey`/`maxKey` are `MinKey`/`MaxKey`,
/// `date` is `Date(milliseconds)`.
public enum MongoScalarType {
    public static let objectId = "objectId"
    public static let regex = "regex"
    public static let timestamp = "timestamp"
    public static let binary = "binary"
    public static let minKey = "minKey"
    public static let maxKey = "maxKey"
    /// JavaScript code (BSON type 13), its source as the text; written back as code.
    public static let javascript = "javascript"
    /// A deprecated DBPointer, read as `collection/<24 hex digits>`; written back as text, not as a pointer.
    public static let dbPointer = "dbPointer"
    /// An integer the caller wants stored as BSON int32 (`NumberInt(…)`); reads back as `.int`.
    public static let int32 = "int32"
    /// An integer the caller wants stored as BSON int64 (`NumberLong(…)`); reads back as `.int`.
    public static let int64 = "int64"
    /// A BSON date too far from 1970 for a ``Timestamp`` (beyond about ±292,000 years: BSON
    /// counts milliseconds in an Int64, `Timestamp` microseconds), shown as `Date(milliseconds)`;
    /// written back as the same BSON date.
    public static let date = "date"

    /// An ObjectId from its 24 hex digits.
    public static func objectId(_ hex: String) -> Value { .scalar(BackendScalar(type: objectId, text: hex.lowercased())) }

    /// A regular expression, shown as `/pattern/flags`.
    public static func regex(_ pattern: String, flags: String) -> Value {
        .scalar(BackendScalar(type: regex, text: "/\(pattern)/\(flags)"))
    }

    /// `/pattern/flags` split at the last `/`; `nil` when the text has no such shape.
    static func splitRegex(_ text: String) -> (pattern: String, flags: String)? {
        guard text.first == "/", let last = text.lastIndex(of: "/"), last != text.startIndex else { return nil }
        return (String(text[text.index(after: text.startIndex)..<last]), String(text[text.index(after: last)...]))
    }
}

extension MongoScalarType {
    /// Marks a `$N` placeholder in a parsed statement until its bound value replaces it.
    static let placeholder = "placeholder"

    /// A BSON timestamp (seconds, increment), shown as `Timestamp(s, i)`.
    public static func timestamp(seconds: UInt32, increment: UInt32) -> Value {
        .scalar(BackendScalar(type: timestamp, text: "Timestamp(\(seconds), \(increment))"))
    }

    /// A BSON date as a ``Timestamp`` when one holds it, else as a ``date`` scalar.
    static func date(milliseconds ms: Int64) -> Value {
        let (micros, overflow) = ms.multipliedReportingOverflow(by: 1_000)
        return overflow ? .scalar(BackendScalar(type: date, text: "Date(\(ms))")) : .timestamp(Timestamp(microsecondsSinceEpoch: micros))
    }

    /// `Date(milliseconds)` back into its milliseconds.
    static func dateMilliseconds(_ text: String) -> Int64? {
        arguments(of: text, named: "Date").flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Binary data of a subtype other than 0 (plain bytes) and 4 (UUID), shown as `BinData(t, "base64")`.
    public static func binary(subtype: UInt8, bytes: [UInt8]) -> Value {
        .scalar(BackendScalar(type: binary, text: "BinData(\(subtype), \"\(Data(bytes).base64EncodedString())\")"))
    }

    /// `Timestamp(seconds, increment)` back into its parts.
    static func timestampParts(_ text: String) -> (UInt32, UInt32)? {
        guard let inner = arguments(of: text, named: "Timestamp") else { return nil }
        let parts = inner.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let s = UInt32(parts[0]), let i = UInt32(parts[1]) else { return nil }
        return (s, i)
    }

    /// `BinData(subtype, "base64")` back into its parts.
    static func binaryParts(_ text: String) -> (UInt8, [UInt8])? {
        guard let inner = arguments(of: text, named: "BinData") else { return nil }
        let parts = inner.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let subtype = UInt8(parts[0]), parts[1].count >= 2, parts[1].first == "\"", parts[1].last == "\"",
            let data = Data(base64Encoded: String(parts[1].dropFirst().dropLast()))
        else { return nil }
        return (subtype, Array(data))
    }

    private static func arguments(of text: String, named name: String) -> Substring? {
        guard text.hasPrefix(name + "("), text.hasSuffix(")") else { return nil }
        return text.dropFirst(name.count + 1).dropLast()
    }
}
