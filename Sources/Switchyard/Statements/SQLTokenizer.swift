/// Splits SQL text into the pieces that matter for classifying and splitting
/// statements: words, quoted strings and identifiers, comments, punctuation.
///
/// It is not a parser; it knows just enough SQL (quotes, `--` and `/* */`
/// comments, PostgreSQL dollar quoting) to never mistake text inside a string or
/// comment for a keyword or a statement-ending `;`.
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
    }

    private let text: String
    private var index: String.Index

    /// Creates a tokenizer over `text`; iterate it for the tokens in order.
    public init(_ text: String) {
        self.text = text
        self.index = text.startIndex
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
            kind = scanUntil("*/", skip: 2) ? .comment : .unterminated
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

    /// `$$` or `$tag$` at the current position (PostgreSQL dollar quoting).
    private func dollarTag() -> String? {
        var i = text.index(after: index)
        while i < text.endIndex, text[i].isSQLLetter || text[i] == "_" || text[i].isSQLNumber { i = text.index(after: i) }
        guard i < text.endIndex, text[i] == "$" else { return nil }
        let tag = String(text[index...i])
        return tag.dropFirst().first?.isSQLNumber == true ? nil : tag
    }
}
