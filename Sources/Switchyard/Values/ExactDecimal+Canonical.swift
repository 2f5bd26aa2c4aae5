extension ExactDecimal {
    /// Wraps text that is already canonical — `[-]digits[.digits]` with no superfluous
    /// leading zero and no negative zero, or `NaN`, `Infinity`, `-Infinity` — checking
    /// that in one pass over its bytes instead of parsing it again.
    ///
    /// For adapters that build decimals from a database's exact format on a hot path
    /// (PostgreSQL's binary `numeric`, a million rows a second); text that is not
    /// canonical goes through ``init(_:)-(String)``, so the result is the same either way.
    public init?(canonical text: String) {
        guard Self.isCanonical(text) else {
            self.init(text)
            return
        }
        self.init(Int64(0))
        self.text = text
    }

    private static func isCanonical(_ text: String) -> Bool {
        if text == "NaN" || text == "Infinity" || text == "-Infinity" { return true }
        var utf8 = text.utf8[...]
        let negative = utf8.first == UInt8(ascii: "-")
        if negative { utf8 = utf8.dropFirst() }
        guard let first = utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else { return false }
        var sawDot = false
        var digitsAfterDot = 0
        var nonZero = false
        var previous: UInt8 = 0
        for (offset, byte) in utf8.enumerated() {
            if byte == UInt8(ascii: ".") {
                guard !sawDot else { return false }
                sawDot = true
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                // A leading zero must be the whole integer part ("0" or "0.5", never "05").
                if offset == 1, previous == UInt8(ascii: "0"), !sawDot { return false }
                if sawDot { digitsAfterDot += 1 }
                if byte != UInt8(ascii: "0") { nonZero = true }
            } else {
                return false
            }
            previous = byte
        }
        if sawDot, digitsAfterDot == 0 { return false }
        return !negative || nonZero
    }
}
