import Foundation
import Switchyard

/// ``Value`` → the text PostgreSQL's type input functions read: for parameters sent
/// in text format, array literals and `COPY … FROM STDIN`.
enum PostgresTextEncoder {
    /// The input text of `value`; `nil` for null. Arrays become array literals, unless
    /// `asJSON` (the target is `json`/`jsonb`), when they become JSON like documents.
    static func text(_ value: Value, asJSON: Bool = false) -> String? {
        switch value {
        case .null: nil
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): double(d)
        case .decimal(let d): d.text
        case .text(let t): t
        case .bytes(let b): "\\x" + b.hexString
        case .date(let d): PostgresTemporal.text(d)
        case .time(let t): t.description
        case .timestamp(let t): PostgresTemporal.text(t)
        case .uuid(let u): u.uuidString.lowercased()
        case .array(let items): asJSON ? JSON.serialize(value) : PostgresArrayLiteral.write(items) { text($0) }
        case .document: JSON.serialize(value)
        case .scalar(let s): s.text
        }
    }

    /// Shortest text that reads back as the same bits, in PostgreSQL's spelling of the
    /// special values.
    static func double(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return d.description
    }

    /// Appends one field of a `COPY` text-format row: `\N` for null, otherwise the
    /// value's text with backslash, newline, carriage return and tab escaped.
    static func appendCopyField(_ value: Value, to out: inout [UInt8]) {
        if PostgresCopyText.append(value, to: &out) { return }
        guard let text = text(value) else {
            out.append(UInt8(ascii: "\\"))
            out.append(UInt8(ascii: "N"))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\\"))
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            default: out.append(byte)
            }
        }
    }
}
