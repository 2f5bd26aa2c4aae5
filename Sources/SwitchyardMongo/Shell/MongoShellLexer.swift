import Switchyard

/// The character-level half of the `.mongo` shell parser: a cursor over the
/// statement's Unicode scalars that skips whitespace and comments and reads the
/// shell's literals (identifiers, quoted strings, numbers, `/regex/flags`).
///
/// The parser asks for the token it expects at each point instead of tokenising
/// ahead, because whether `/` starts a regular expression depends on context.
/// Positions are 1-based offsets in Unicode scalars, as ``SwitchyardError/position`` reports them.
struct MongoShellLexer {
    let scalars: [Unicode.Scalar]
    private(set) var index = 0

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    /// 1-based position of the next unread scalar.
    var position: Int { index + 1 }
    var isAtEnd: Bool { index >= scalars.count }
    var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    func peek(at offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    mutating func advance() { index += 1 }

    /// A syntax error at `position` (the current one by default) saying what was expected.
    func error(_ expected: String, at position: Int? = nil) -> SwitchyardError {
        let at = position ?? self.position
        let found: String
        if at - 1 < scalars.count {
            let rest = String(String.UnicodeScalarView(scalars[(at - 1)..<min(scalars.count, at + 11)]))
            found = "'\(rest)'"
        } else {
            found = "the end of the statement"
        }
        return SwitchyardError(
            .syntax, "expected \(expected) at position \(at), found \(found)", position: at, code: "mongo-shell-syntax")
    }

    /// Skips whitespace, `// line` and `/* block */` comments.
    mutating func skipTrivia() throws {
        while let c = peek {
            if c.properties.isWhitespace {
                advance()
            } else if c == "/", peek(at: 1) == "/" {
                while let d = peek, d != "\n" { advance() }
            } else if c == "/", peek(at: 1) == "*" {
                let start = position
                index += 2
                while !(peek == "*" && peek(at: 1) == "/") {
                    guard !isAtEnd else { throw error("the end of the comment opened at position \(start) ('*/')") }
                    advance()
                }
                index += 2
            } else {
                return
            }
        }
    }

    /// Consumes `c` after trivia if it is next.
    mutating func consume(_ c: Unicode.Scalar) throws -> Bool {
        try skipTrivia()
        guard peek == c else { return false }
        advance()
        return true
    }

    mutating func expect(_ c: Unicode.Scalar, _ what: String? = nil) throws {
        guard try consume(c) else { throw error(what ?? "'\(c)'") }
    }

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c == "$" || c.properties.isAlphabetic
    }

    static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || ("0"..."9").contains(c)
    }

    /// An identifier (letters, digits, `_`, `$`), or `nil` when none starts here.
    mutating func identifier() throws -> String? {
        try skipTrivia()
        guard let c = peek, MongoShellLexer.isIdentifierStart(c) else { return nil }
        let start = index
        while let d = peek, MongoShellLexer.isIdentifierPart(d) { advance() }
        return String(String.UnicodeScalarView(scalars[start..<index]))
    }

    /// A quoted string (single or double quotes, JavaScript escapes); call on the quote.
    mutating func string() throws -> String {
        guard let quote = peek, quote == "\"" || quote == "'" else { throw error("a quoted string") }
        let start = position
        advance()
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek else { throw error("the closing quote of the string opened at position \(start)") }
            advance()
            if c == quote { return String(out) }
            if c == "\n" { throw error("the closing quote of the string opened at position \(start)", at: position - 1) }
            guard c == "\\" else {
                out.append(c)
                continue
            }
            guard let e = peek else { throw error("an escaped character") }
            advance()
            switch e {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "b": out.append("\u{8}")
            case "f": out.append("\u{C}")
            case "v": out.append("\u{B}")
            case "0": out.append("\u{0}")
            case "\n": break
            case "x": out.append(try hexScalar(digits: 2))
            case "u":
                if peek == "{" {
                    advance()
                    var digits = ""
                    while let h = peek, h != "}", digits.count < 8 { digits.unicodeScalars.append(h); advance() }
                    try expect("}", "'}' closing a \\u{…} escape")
                    guard let v = UInt32(digits, radix: 16), let s = Unicode.Scalar(v) else { throw error("a Unicode code point in \\u{…}") }
                    out.append(s)
                } else {
                    out.append(try hexScalar(digits: 4))
                }
            default: out.append(e)
            }
        }
    }

    private mutating func hexScalar(digits: Int) throws -> Unicode.Scalar {
        var text = ""
        for _ in 0..<digits {
            guard let h = peek, h.properties.isASCIIHexDigit else { throw error("\(digits) hex digits in an escape") }
            text.unicodeScalars.append(h)
            advance()
        }
        // A lone surrogate half cannot be represented; it becomes U+FFFD.
        return UInt32(text, radix: 16).flatMap(Unicode.Scalar.init) ?? "\u{FFFD}"
    }

    /// A number: `-12`, `3.5`, `1e-3`, `0x1F`, `.5`. Integers that fit Int64 are `.int`.
    mutating func number() throws -> Value {
        let start = index
        var negative = false
        if peek == "-" || peek == "+" {
            negative = peek == "-"
            advance()
            try skipTrivia()
        }
        if peek == "0", peek(at: 1) == "x" || peek(at: 1) == "X" {
            index += 2
            let digitsStart = index
            while let h = peek, h.properties.isASCIIHexDigit { advance() }
            let digits = String(String.UnicodeScalarView(scalars[digitsStart..<index]))
            guard let v = Int64(digits, radix: 16) else { throw error("hexadecimal digits", at: digitsStart + 1) }
            return .int(negative ? -v : v)
        }
        let bodyStart = index
        var isInteger = true
        while let c = peek, ("0"..."9").contains(c) { advance() }
        if peek == ".", let next = peek(at: 1), ("0"..."9").contains(next) || index > bodyStart {
            isInteger = false
            advance()
            while let c = peek, ("0"..."9").contains(c) { advance() }
        }
        guard index > bodyStart, !(index == bodyStart + 1 && scalars[bodyStart] == ".") else {
            throw error("a number", at: start + 1)
        }
        if peek == "e" || peek == "E" {
            isInteger = false
            advance()
            if peek == "+" || peek == "-" { advance() }
            let expStart = index
            while let c = peek, ("0"..."9").contains(c) { advance() }
            guard index > expStart else { throw error("exponent digits") }
        }
        let body = String(String.UnicodeScalarView(scalars[bodyStart..<index]))
        if isInteger, let v = Int64(body) {
            if negative && v == 0 { return .double(-0.0) }
            return .int(negative ? -v : v)
        }
        if isInteger, negative, body == "9223372036854775808" { return .int(.min) }
        guard let d = Double(body) else { throw error("a number", at: start + 1) }
        return .double(negative ? -d : d)
    }

    /// `/pattern/flags`; call on the opening slash.
    mutating func regex() throws -> (pattern: String, flags: String) {
        let start = position
        advance()
        var pattern = String.UnicodeScalarView()
        var inClass = false
        while true {
            guard let c = peek, c != "\n" else { throw error("the closing '/' of the regular expression opened at position \(start)") }
            advance()
            if c == "\\" {
                pattern.append(c)
                guard let e = peek else { continue }
                pattern.append(e)
                advance()
                continue
            }
            if c == "[" { inClass = true } else if c == "]" { inClass = false } else if c == "/", !inClass { break }
            pattern.append(c)
        }
        var flags = ""
        while let f = peek, MongoShellLexer.isIdentifierPart(f) {
            guard "imxsul".unicodeScalars.contains(f) else { throw error("regular expression flags (i, m, x, s, u, l)") }
            flags.unicodeScalars.append(f)
            advance()
        }
        return (String(pattern), flags)
    }
}
