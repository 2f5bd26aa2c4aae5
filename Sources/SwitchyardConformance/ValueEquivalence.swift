import Switchyard

/// Whether a value read back is the one that was stored.
///
/// Stricter than `==` for doubles (`-0.0` must keep its sign; bits are compared). Decimals
/// compare as `==` does, as numbers: `12.50` and `12.5` are the same (SQL databases keep
/// the scale, others normalise it; the digits must all survive).
func isEquivalent(_ stored: Value, _ read: Value) -> Bool {
    switch (stored, read) {
    case (.double(let a), .double(let b)):
        return a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
    case (.array(let a), .array(let b)):
        return a.count == b.count && zip(a, b).allSatisfy { isEquivalent($0, $1) }
    case (.document(let a), .document(let b)):
        return a.names == b.names && zip(a, b).allSatisfy { isEquivalent($0.value, $1.value) }
    default:
        return stored == read
    }
}

/// A value for a failure message: its kind and an unambiguous rendering, cut short when long.
func render(_ value: Value) -> String {
    let body: String
    switch value {
    case .text(let text): body = String(reflecting: text)
    case .double(let d): body = "\(d) (bits 0x\(String(d.bitPattern, radix: 16)))"
    default: body = value.description
    }
    let shown = body.count > 160 ? body.prefix(160) + "…(\(body.count) characters)" : Substring(body)
    return "\(value.typeName) \(shown)"
}
