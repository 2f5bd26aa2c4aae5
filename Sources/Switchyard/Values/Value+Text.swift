import Foundation

extension Value: CustomStringConvertible {
    /// The value as an operator reads it: text unquoted, `NULL`, bytes as `\x…` hex,
    /// NaN and infinite doubles as `NaN`, `Infinity` and `-Infinity` (PostgreSQL's
    /// spelling), documents and arrays as compact JSON in which those doubles keep the
    /// same bare spelling (`[1.5,NaN]`; ``JSON/serialize(_:)`` writes `"NaN"`).
    public var description: String {
        switch self {
        case .null: "NULL"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): JSON.format(d)
        case .decimal(let d): d.text
        case .text(let t): t
        case .bytes(let b): "\\x" + b.hexString
        case .date(let d): d.description
        case .time(let t): t.description
        case .timestamp(let t): t.description
        case .uuid(let u): u.uuidString.lowercased()
        case .array, .document: JSON.display(self)
        case .scalar(let s): s.text
        }
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal digits, two per byte.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
