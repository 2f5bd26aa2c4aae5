/// The byte classes ``SQLTokenizer`` asks about, as PostgreSQL's and SQLite's own
/// tokenizers answer them: both read UTF-8 bytes, not characters.
///
/// Every byte of a non-ASCII character (0x80 and above) is an identifier character to
/// both servers, whatever the character is: a letter, a combining mark, an emoji, even
/// U+00A0 NO-BREAK SPACE. Only ASCII whitespace separates tokens.
extension UInt8 {
    /// Space, tab, line feed, vertical tab, form feed or carriage return.
    @inline(__always)
    var isSQLWhitespace: Bool { self == 0x20 || (0x09...0x0D).contains(self) }

    /// A byte that may start a word: an ASCII letter, `_` or any byte of a non-ASCII character.
    @inline(__always)
    var isSQLWordStart: Bool { self >= 0x80 || (self | 0x20) &- 0x61 < 26 || self == 0x5F }

    /// An ASCII digit.
    @inline(__always)
    var isSQLDigit: Bool { self &- 0x30 < 10 }
}
