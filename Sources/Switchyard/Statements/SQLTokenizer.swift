/// Splits SQL text into the pieces that matter for classifying and splitting
/// statements: words, quoted strings and identifiers, comments, punctuation.
///
/// It is not a parser; it knows just enough SQL (quotes, `--` and `/* */`
/// comments, PostgreSQL dollar quoting and, when asked, its `E'…'` strings and nested
/// block comments) to never mistake text inside a string or comment for a keyword or a
/// statement-ending `;`.
///
/// Where dialects read the same text differently — `E'it\'s'` is one string in PostgreSQL
/// and a name followed by a string and more text in SQLite; `/* a /* b */ c */` is one comment
/// in PostgreSQL and a comment followed by `c */` in SQLite — a check that must not be
/// fooled (a guard, an allow-list) reads it every way: ``readings(of:)``.
public struct SQLTokenizer: Sequence, IteratorProtocol {
    /// What a token is: a bare word (keyword, name or number), a quoted string or identifier, a comment,
    /// punctuation (one character), or a run of whitespace.
    public enum Kind: Sendable, Hashable {
        case word, quoted, comment, punctuation, whitespace
        /// A string or comment that the text ends inside of.
        case unterminated
    }

    /// One piece of the text.
    public struct Token: Sendable, Hashable {
        /// What the piece is.
        public var kind: Kind
        /// The piece exactly as written, quotes and comment markers included.
        public var text: Substring

        /// A quoted identifier's or string's content: the quotes removed and a doubled closing quote
        /// standing for one (`"a""b"` is `a"b`, `[x]` is `x`); `nil` for other tokens, and for
        /// quoted text read otherwise (`E'…'`, `$$…$$`).
        public var unquoted: String? {
            guard kind == .quoted, text.count >= 2, let open = text.first else { return nil }
            let close: Character
            switch open {
            case "\"", "'", "`": close = open
            case "[": close = "]"
            default: return nil
            }
            return String(text.dropFirst().dropLast()).replacing(String([close, close]), with: String(close))
        }
    }

    private let text: String
    private var index: String.Index
    private let reading: Reading

    /// Creates a tokenizer over `text`; iterate it for the tokens in order.
    ///
    /// - Parameters:
    ///   - text: the SQL, one statement or several.
    ///   - reading: how to read what dialects disagree on; by default as SQLite does (no `E'…'`
    ///     strings, block comments that do not nest). A dialect says which it needs in
    ///     ``SQLDialect/tokenizerReading``.
    public init(_ text: String, reading: Reading = Reading()) {
        self.text = text
        self.index = text.startIndex
        self.reading = reading
    }

    public mutating func next() -> Token? {
        guard index < text.endIndex else { return nil }
        let start = index
        let c = text[index]
        let kind: Kind
        if c.isSQLWhitespace {
            advance { $0.isSQLWhitespace }
            kind = .whitespace
        } else if c == "-" && peek(1) == "-" {
            advance { $0 != "\n" }
            kind = .comment
        } else if c == "/" && peek(1) == "*" {
            let closed = reading.nestedComments ? scanNestedComment() : scanUntil("*/", skip: 2)
            kind = closed ? .comment : .unterminated
        } else if reading.escapeStrings, c == "E" || c == "e", peek(1) == "'" {
            index = text.index(after: index)
            kind = scanEscapeString() ? .quoted : .unterminated
        } else if c == "'" || c == "\"" || c == "`" {
            kind = scanQuoted(c) ? .quoted : .unterminated
        } else if c == "[" {
            kind = scanUntil("]", skip: 1) ? .quoted : .unterminated
        } else if c == "$", let tag = dollarTag() {
            kind = scanUntil(tag, skip: tag.count) ? .quoted : .unterminated
        } else if c.isSQLLetter || c == "_" || c.isSQLNumber {
            advance { $0.isSQLLetter || $0.isSQLNumber || $0 == "_" || $0 == "$" }
            kind = .word
        } else {
            index = text.index(after: index)
            kind = .punctuation
        }
        return Token(kind: kind, text: text[start..<index])
    }

    private func peek(_ offset: Int) -> Character? {
        var i = index
        for _ in 0..<offset {
            guard i < text.endIndex else { return nil }
            i = text.index(after: i)
        }
        return i < text.endIndex ? text[i] : nil
    }

    private mutating func advance(while predicate: (Character) -> Bool) {
        while index < text.endIndex, predicate(text[index]) { index = text.index(after: index) }
    }

    /// Moves past `terminator`; false when the text ends first.
    private mutating func scanUntil(_ terminator: String, skip: Int) -> Bool {
        index = text.index(index, offsetBy: skip)
        guard let range = text[index...].range(of: terminator) else {
            index = text.endIndex
            return false
        }
        index = range.upperBound
        return true
    }

    /// A block comment in which each `/*` opens a comment nested inside, closed by its own `*/`,
    /// as PostgreSQL reads it; from the comment's opening `/*`.
    private mutating func scanNestedComment() -> Bool {
        index = text.index(index, offsetBy: 2)
        var depth = 1
        while index < text.endIndex {
            let c = text[index]
            let next = text.index(after: index)
            if c == "*", next < text.endIndex, text[next] == "/" {
                index = text.index(after: next)
                depth -= 1
                if depth == 0 { return true }
            } else if c == "/", next < text.endIndex, text[next] == "*" {
                index = text.index(after: next)
                depth += 1
            } else {
                index = next
            }
        }
        return false
    }

    /// A quoted run where a doubled quote stands for itself.
    private mutating func scanQuoted(_ quote: Character) -> Bool {
        index = text.index(after: index)
        while index < text.endIndex {
            if text[index] == quote {
                index = text.index(after: index)
                if index < text.endIndex, text[index] == quote {
                    index = text.index(after: index)
                    continue
                }
                return true
            }
            index = text.index(after: index)
        }
        return false
    }

    /// PostgreSQL's escape string, from its opening quote: a backslash takes the next character
    /// with it, and a doubled quote stands for itself.
    private mutating func scanEscapeString() -> Bool {
        index = text.index(after: index)
        while index < text.endIndex {
            let c = text[index]
            index = text.index(after: index)
            if c == "\\" {
                guard index < text.endIndex else { return false }
                index = text.index(after: index)
            } else if c == "'" {
                guard index < text.endIndex, text[index] == "'" else { return true }
                index = text.index(after: index)
            }
        }
        return false
    }

    /// `$$` or `$tag$` at the current position (PostgreSQL dollar quoting).
    private func dollarTag() -> String? {
        var i = text.index(after: index)
        while i < text.endIndex, text[i].isSQLLetter || text[i] == "_" || text[i].isSQLNumber { i = text.index(after: i) }
        guard i < text.endIndex, text[i] == "$" else { return nil }
        let tag = String(text[index...i])
        return tag.dropFirst().first?.isSQLNumber == true ? nil : tag
    }
}
