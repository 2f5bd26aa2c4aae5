/// The character classes ``SQLTokenizer`` asks about, answered for ASCII without a lookup
/// in the Unicode property tables.
///
/// SQL text is nearly all ASCII, and every request through a ``ReadOnlyGuard`` or a
/// statement-kind router is tokenized: the Unicode lookups behind `isLetter` and
/// `isWhitespace` were the largest single cost of a point lookup through the
/// ``Orchestrator`` (measured in `Benchmarks/`). Non-ASCII characters get the same
/// answers as before.
extension Character {
    @inline(__always)
    var isSQLWhitespace: Bool {
        if let ascii = asciiValue { return ascii == 0x20 || (0x09...0x0D).contains(ascii) }
        return isWhitespace
    }

    @inline(__always)
    var isSQLLetter: Bool {
        if let ascii = asciiValue { return (0x41...0x5A).contains(ascii) || (0x61...0x7A).contains(ascii) }
        return isLetter
    }

    @inline(__always)
    var isSQLNumber: Bool {
        if let ascii = asciiValue { return (0x30...0x39).contains(ascii) }
        return isNumber
    }
}
