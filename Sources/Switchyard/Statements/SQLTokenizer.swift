/// Splits SQL text into the pieces that matter for classifying and splitting
/// statements: words, quoted strings and identifiers, comments, punctuation.
///
/// It is not a parser; it knows just enough SQL (quotes, `--` and `/* */`
/// comments and, when asked, PostgreSQL's dollar quoting, `E'…'` strings and nested
/// block comments) to never mistake text inside a string or comment for a keyword or a
/// statement-ending `;`.
///
/// It reads UTF-8 bytes, as PostgreSQL and SQLite do, not Swift `Character`s: a closing
/// quote followed by a combining mark (`'a'` and U+0301) ends the string there, although
/// Swift sees one character `'́`, and a `\r\n` line break ends a `--` comment like `\n`.
/// Every byte of a non-ASCII character belongs to a word, as it does to an identifier in
/// both servers.
///
/// Where dialects read the same text differently — `E'it\'s'` is one string in PostgreSQL
/// and a name followed by a string and more text in SQLite; `/* a /* b */ c */` is one comment
/// in PostgreSQL and a comment followed by `c */` in SQLite — a check that must not be
/// fooled (a guard, an allow-list) reads it every way: ``readings(of:)``.
public struct SQLTokenizer: Sequence, IteratorProtocol {
    /// What a token is: a bare word (keyword, name or number), a quoted string or identifier, a comment,
    /// punctuation (one ASCII character), or a run of whitespace.
    public enum Kind: Sendable, Hashable {
        case word, quoted, comment, punctuation, whitespace
        /// A string or comment that the text ends inside of.
        case unterminated
    }

    /// One piece of the text.
    public struct Token: Sendable, Hashable {
        /// What the piece is.
        public var kind: Kind
        /// The piece exactly as written, quotes and comment markers included. Its bounds lie
        /// between Unicode scalars, not always between characters: a combining mark after a
        /// closing quote starts the next token.
        public var text: Substring

        /// A quoted identifier's or string's content: the quotes removed and a doubled closing quote
        /// standing for one (`"a""b"` is `a"b`, `[x]` is `x`); `nil` for other tokens, and for
        /// quoted text read otherwise (`E'…'`, `$$…$$`).
        public var unquoted: String? {
            let bytes = text.utf8
            guard kind == .quoted, bytes.count >= 2, let open = bytes.first else { return nil }
            let close: UInt8
            switch open {
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"): close = open
            case UInt8(ascii: "["): close = UInt8(ascii: "]")
            default: return nil
            }
            var content: [UInt8] = []
            content.reserveCapacity(bytes.count - 2)
            var afterClose = false
            for byte in bytes.dropFirst().dropLast() {
                // The second quote of a doubled pair stands for nothing.
                if byte == close, afterClose {
                    afterClose = false
                    continue
                }
                afterClose = byte == close
                content.append(byte)
            }
            return String(decoding: content, as: UTF8.self)
        }
    }

    private let text: String
    /// Where the next token starts, in UTF-8 bytes.
    private var offset = 0
    private let reading: Reading

    /// Creates a tokenizer over `text`; iterate it for the tokens in order.
    ///
    /// - Parameters:
    ///   - text: the SQL, one statement or several.
    ///   - reading: how to read what dialects disagree on; by default as SQLite does (no
    ///     dollar quotes or `E'…'` strings, block comments that do not nest). A dialect says
    ///     which it needs in ``SQLDialect/tokenizerReading``.
    public init(_ text: String, reading: Reading = Reading()) {
        var text = text
        // A no-op for native strings; a bridged one is copied once, so every token reads bytes in place.
        text.makeContiguousUTF8()
        self.text = text
        self.reading = reading
    }

    public mutating func next() -> Token? {
        let start = offset
        var end = offset
        let scanned = text.utf8.withContiguousStorageIfAvailable { bytes -> Kind? in
            guard end < bytes.count else { return nil }
            var scanner = SQLByteScanner(bytes: bytes, position: end, reading: reading)
            let kind = scanner.scanToken()
            end = scanner.position
            return kind
        }
        guard let kind = scanned ?? nil else { return nil }
        offset = end
        // UTF-8 offsets of a native string map to indices without a walk.
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: start)
        let upper = utf8.index(lower, offsetBy: end - start)
        return Token(kind: kind, text: text[lower..<upper])
    }
}
