/// ``SQLTokenizer``'s reading of one token, over the text's UTF-8 bytes.
///
/// Tokens start and end only next to ASCII bytes (a non-ASCII byte is always inside a word,
/// a string or a comment), so every token boundary lies between Unicode scalars.
struct SQLByteScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    var position: Int
    let reading: SQLTokenizer.Reading

    /// Reads the token starting at ``position``, which must lie inside the text, and moves past it.
    mutating func scanToken() -> SQLTokenizer.Kind {
        let c = bytes[position]
        switch c {
        case _ where c.isSQLWhitespace:
            skip { $0.isSQLWhitespace }
            return .whitespace
        case UInt8(ascii: "-") where byte(at: position + 1) == UInt8(ascii: "-"):
            let carriageReturnEnds = reading.lineCommentsEndAtCarriageReturn
            skip { $0 != UInt8(ascii: "\n") && !(carriageReturnEnds && $0 == UInt8(ascii: "\r")) }
            return .comment
        case UInt8(ascii: "/") where byte(at: position + 1) == UInt8(ascii: "*"):
            return (reading.nestedComments ? scanNestedComment() : scanBlockComment()) ? .comment : .unterminated
        case UInt8(ascii: "E"), UInt8(ascii: "e"):
            guard reading.escapeStrings, byte(at: position + 1) == UInt8(ascii: "'") else { return scanWord() }
            position += 1
            return scanEscapeString() ? .quoted : .unterminated
        case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
            return scanQuoted(c) ? .quoted : .unterminated
        case UInt8(ascii: "["):
            position += 1
            return scanPast(UInt8(ascii: "]")) ? .quoted : .unterminated
        case UInt8(ascii: "$") where reading.dollarQuotes:
            guard let tagLength = dollarTagLength() else { break }
            return scanDollarQuoted(tagLength: tagLength) ? .quoted : .unterminated
        case _ where c.isSQLWordStart || c.isSQLDigit:
            return scanWord()
        default:
            break
        }
        position += 1
        return .punctuation
    }

    private func byte(at index: Int) -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skip(while predicate: (UInt8) -> Bool) {
        while position < bytes.count, predicate(bytes[position]) { position += 1 }
    }

    private mutating func scanWord() -> SQLTokenizer.Kind {
        skip { $0.isSQLWordStart || $0.isSQLDigit || $0 == UInt8(ascii: "$") }
        return .word
    }

    /// Moves past the next `terminator`; false, at the end, when there is none.
    private mutating func scanPast(_ terminator: UInt8) -> Bool {
        skip { $0 != terminator }
        guard position < bytes.count else { return false }
        position += 1
        return true
    }

    /// A block comment ending at its first `*/`, as SQLite reads it; from its opening `/*`.
    private mutating func scanBlockComment() -> Bool {
        position += 2
        while position < bytes.count {
            guard scanPast(UInt8(ascii: "*")) else { return false }
            if byte(at: position) == UInt8(ascii: "/") {
                position += 1
                return true
            }
        }
        return false
    }

    /// A block comment in which each `/*` opens a comment nested inside, closed by its own `*/`,
    /// as PostgreSQL reads it; from the comment's opening `/*`.
    private mutating func scanNestedComment() -> Bool {
        position += 2
        var depth = 1
        while position < bytes.count {
            let c = bytes[position]
            let next = byte(at: position + 1)
            if c == UInt8(ascii: "*"), next == UInt8(ascii: "/") {
                position += 2
                depth -= 1
                if depth == 0 { return true }
            } else if c == UInt8(ascii: "/"), next == UInt8(ascii: "*") {
                position += 2
                depth += 1
            } else {
                position += 1
            }
        }
        return false
    }

    /// A quoted run where a doubled quote stands for itself; from its opening quote.
    private mutating func scanQuoted(_ quote: UInt8) -> Bool {
        position += 1
        while scanPast(quote) {
            guard byte(at: position) == quote else { return true }
            position += 1
        }
        return false
    }

    /// PostgreSQL's escape string, from its opening quote: a backslash takes the next byte
    /// with it, and a doubled quote stands for itself.
    private mutating func scanEscapeString() -> Bool {
        position += 1
        while position < bytes.count {
            let c = bytes[position]
            position += 1
            if c == UInt8(ascii: "\\") {
                guard position < bytes.count else { return false }
                position += 1
            } else if c == UInt8(ascii: "'") {
                guard byte(at: position) == UInt8(ascii: "'") else { return true }
                position += 1
            }
        }
        return false
    }

    /// The length of the `$$` or `$tag$` starting here (PostgreSQL dollar quoting), or `nil`
    /// when none does: a tag is a word that does not start with a digit.
    private func dollarTagLength() -> Int? {
        var end = position + 1
        if let first = byte(at: end), first.isSQLWordStart {
            end += 1
            while let c = byte(at: end), c.isSQLWordStart || c.isSQLDigit { end += 1 }
        }
        guard byte(at: end) == UInt8(ascii: "$") else { return nil }
        return end + 1 - position
    }

    /// A dollar-quoted string, from its opening tag to the same tag.
    private mutating func scanDollarQuoted(tagLength: Int) -> Bool {
        let tag = position
        position += tagLength
        while scanPast(UInt8(ascii: "$")) {
            let candidate = position - 1
            guard candidate + tagLength <= bytes.count else { break }
            if (1..<tagLength).allSatisfy({ bytes[candidate + $0] == bytes[tag + $0] }) {
                position = candidate + tagLength
                return true
            }
        }
        position = bytes.count
        return false
    }
}
