import Foundation

/// An exact decimal number held as its canonical digits.
///
/// Databases carry decimals wider than `Double` (and wider than Foundation's
/// `Decimal`, which stops at 38 digits): PostgreSQL `numeric` takes thousands.
/// `ExactDecimal` validates and keeps the text, so nothing is rounded on the way
/// through; convert to `Double` or `Decimal` explicitly when arithmetic is needed.
///
/// Equality is numeric: `5.00`, `5` and `+5.0e0` are equal and hash alike, while ``text``
/// keeps the scale the number came with (`5.00`) for display. `NaN` equals itself, as
/// `Hashable` requires.
public struct ExactDecimal: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    /// Canonical text: optional `-`, digits, optional `.` and digits; or `NaN`, `Infinity`, `-Infinity`.
    /// Set only inside the core (by `init(canonical:)`, after checking it).
    public internal(set) var text: String

    /// Parses decimal text such as `"-12.50"`, `"1e-3"` or `"NaN"`; `nil` when it is not a number.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch trimmed.lowercased() {
        case "nan": self.text = "NaN"; return
        case "infinity", "+infinity", "inf": self.text = "Infinity"; return
        case "-infinity", "-inf": self.text = "-Infinity"; return
        default: break
        }
        guard let canonical = ExactDecimal.canonicalize(trimmed) else { return nil }
        self.text = canonical
    }

    /// The integer `value`, exactly.
    public init(_ value: Int64) { self.text = String(value) }

    /// The digits Foundation's `Decimal` holds, exactly (`NaN` for a `Decimal` that is not a number).
    public init(_ value: Decimal) {
        self.text = value.description
    }

    public var description: String { text }

    /// Whether both are the same number, whatever their scale: `5.00 == 5`.
    public static func == (a: Self, b: Self) -> Bool { a.numericText == b.numericText }

    /// Hashes the number, not its scale, as ``==(_:_:)`` compares it.
    public func hash(into hasher: inout Hasher) { hasher.combine(numericText) }

    /// ``text`` without trailing fractional zeros: one spelling per number, as the canonical
    /// text already has no leading zeros, no exponent and no negative zero.
    private var numericText: Substring {
        guard text.utf8.contains(UInt8(ascii: ".")) else { return text[...] }
        var digits = text.utf8[...]
        while digits.last == UInt8(ascii: "0") { digits = digits.dropLast() }
        if digits.last == UInt8(ascii: ".") { digits = digits.dropLast() }
        // `-0.0` is not canonical, but `init(_: Decimal)` takes Foundation's text as it is.
        if digits.elementsEqual("-0".utf8) { return "0" }
        return Substring(digits)
    }

    /// The nearest `Double`.
    public var doubleValue: Double { Double(text) ?? .nan }

    /// Foundation's `Decimal`, which may round beyond 38 significant digits.
    public var decimalValue: Decimal? { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) }

    /// Accepts `[+-]digits[.digits][e[+-]digits]`, returns `[-]digits[.digits]` with the
    /// exponent applied, so equal inputs written differently compare equal.
    private static func canonicalize(_ s: String) -> String? {
        var chars = Substring(s)
        var negative = false
        if let first = chars.first, first == "+" || first == "-" {
            negative = first == "-"
            chars = chars.dropFirst()
        }
        var mantissa = chars
        var exponent = 0
        if let e = chars.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = chars[..<e]
            // `magnitude`, not `abs`: `abs(Int.min)` overflows (`1e-9223372036854775808`).
            guard let exp = Int(chars[chars.index(after: e)...]), exp.magnitude < 100_000 else { return nil }
            exponent = exp
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        var intPart = String(parts[0])
        var fracPart = parts.count == 2 ? String(parts[1]) : ""
        guard !(intPart.isEmpty && fracPart.isEmpty),
            intPart.allSatisfy(\.isASCIIDigitCharacter), fracPart.allSatisfy(\.isASCIIDigitCharacter)
        else { return nil }
        if exponent > 0 {
            let moved = min(exponent, fracPart.count)
            intPart += fracPart.prefix(moved)
            fracPart.removeFirst(moved)
            intPart += String(repeating: "0", count: exponent - moved)
        } else if exponent < 0 {
            let moved = min(-exponent, intPart.count)
            fracPart = intPart.suffix(moved) + fracPart
            intPart.removeLast(moved)
            fracPart = String(repeating: "0", count: -exponent - moved) + fracPart
        }
        let strippedInt = intPart.drop { $0 == "0" }
        let int = strippedInt.isEmpty ? "0" : String(strippedInt)
        let body = fracPart.isEmpty ? int : int + "." + fracPart
        let isZero = !body.contains { $0 != "0" && $0 != "." }
        return negative && !isZero ? "-" + body : body
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
