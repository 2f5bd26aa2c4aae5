import Foundation
import Switchyard

/// Parses mongosh statements (`db.items.find({age: {$gt: 30}}).limit(5)`) into a
/// ``MongoCommand``, reading the shell's relaxed literals: unquoted keys, single or
/// double quotes, trailing commas, comments, `ObjectId("…")`, `ISODate("…")`,
/// `new Date(…)`, `NumberLong(…)`, `NumberInt(…)`, `NumberDecimal("…")`, `UUID("…")`,
/// `Timestamp(s, i)`, `BinData(t, "…")`, `MinKey`, `MaxKey`, `/regex/flags`,
/// `true`/`false`/`null`, and integers versus doubles.
///
/// `$1`, `$2`… in a value position are placeholders for the statement's bound values,
/// so callers never splice values into text. Errors are `.syntax` with the 1-based
/// position and what was expected there; no input makes it crash (it is fuzzed), and
/// nesting is capped at ``maxDepth`` so deep input cannot exhaust the stack.
struct MongoShellParser {
    static let maxDepth = 100
    /// The ``BackendScalar`` type marking a placeholder until it is bound.
    static let placeholderType = MongoScalarType.placeholder

    var lexer: MongoShellLexer
    /// The highest placeholder number seen (`$3` → 3).
    private(set) var placeholderCount = 0
    private var depth = 0

    init(_ text: String) { lexer = MongoShellLexer(text) }

    /// One literal value (used for scalar texts and by tests).
    static func parseValue(_ text: String) throws -> Value {
        var parser = MongoShellParser(text)
        let value = try parser.value()
        try parser.lexer.skipTrivia()
        guard parser.lexer.isAtEnd else { throw parser.lexer.error("the end of the value") }
        return value
    }

    // MARK: Values

    mutating func value() throws -> Value {
        try lexer.skipTrivia()
        guard let c = lexer.peek else { throw lexer.error("a value") }
        switch c {
        case "{": return .document(try document())
        case "[": return .array(try array())
        case "\"", "'": return .text(try lexer.string())
        case "/":
            let (pattern, flags) = try lexer.regex()
            return MongoScalarType.regex(pattern, flags: flags)
        case "$" where lexer.peek(at: 1).map { ("0"..."9").contains($0) } ?? false:
            return try placeholder()
        case "-", "+", ".", "0"..."9":
            if c == "-" || c == "+", let word = peekWordAfterSign(), word == "Infinity" {
                lexer.advance()
                _ = try lexer.identifier()
                return .double(c == "-" ? -.infinity : .infinity)
            }
            return try lexer.number()
        default:
            let start = lexer.position
            guard let word = try lexer.identifier() else { throw lexer.error("a value") }
            return try named(word, at: start)
        }
    }

    private func peekWordAfterSign() -> String? {
        var copy = lexer
        copy.advance()
        return try? copy.identifier()
    }

    private mutating func placeholder() throws -> Value {
        let start = lexer.position
        lexer.advance()
        var digits = ""
        while let d = lexer.peek, ("0"..."9").contains(d) { digits.unicodeScalars.append(d); lexer.advance() }
        guard let n = Int(digits), n >= 1, n <= 65_535 else { throw lexer.error("a placeholder number from $1 to $65535", at: start) }
        placeholderCount = max(placeholderCount, n)
        return .scalar(BackendScalar(type: MongoShellParser.placeholderType, text: String(n)))
    }

    private mutating func enter() throws {
        depth += 1
        guard depth <= MongoShellParser.maxDepth else { throw lexer.error("at most \(MongoShellParser.maxDepth) levels of nesting") }
    }

    mutating func document() throws -> Document {
        try lexer.expect("{", "'{' starting a document")
        try enter()
        defer { depth -= 1 }
        var fields: [Document.Field] = []
        while true {
            if try lexer.consume("}") { return Document(fields) }
            let key = try self.key()
            try lexer.expect(":", "':' after the field name '\(key)'")
            fields.append(Document.Field(key, try value()))
            if try lexer.consume(",") { continue }
            try lexer.expect("}", "',' or '}' in a document")
            return Document(fields)
        }
    }

    private mutating func key() throws -> String {
        try lexer.skipTrivia()
        switch lexer.peek {
        case "\"", "'": return try lexer.string()
        case let c? where ("0"..."9").contains(c) || c == "-":
            let number = try lexer.number()
            return number.description
        default:
            guard let word = try lexer.identifier() else { throw lexer.error("a field name or '}'") }
            return word
        }
    }

    mutating func array() throws -> [Value] {
        try lexer.expect("[", "'[' starting an array")
        try enter()
        defer { depth -= 1 }
        var values: [Value] = []
        while true {
            if try lexer.consume("]") { return values }
            values.append(try value())
            if try lexer.consume(",") { continue }
            try lexer.expect("]", "',' or ']' in an array")
            return values
        }
    }

    /// The arguments of a call, after its name: `( value, … )`.
    mutating func arguments() throws -> [(value: Value, position: Int)] {
        try lexer.expect("(", "'(' starting the arguments")
        try enter()
        defer { depth -= 1 }
        var values: [(Value, Int)] = []
        while true {
            if try lexer.consume(")") { return values }
            try lexer.skipTrivia()
            let position = lexer.position
            values.append((try value(), position))
            if try lexer.consume(",") { continue }
            try lexer.expect(")", "',' or ')' after an argument")
            return values
        }
    }

    /// A word in value position: a keyword or a constructor such as `ObjectId("…")`.
    private mutating func named(_ word: String, at start: Int) throws -> Value {
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null", "undefined": return .null
        case "Infinity": return .double(.infinity)
        case "NaN": return .double(.nan)
        case "MinKey", "MaxKey":
            if try lexer.consume("(") { try lexer.expect(")") }
            return .scalar(BackendScalar(type: word == "MinKey" ? MongoScalarType.minKey : MongoScalarType.maxKey, text: word))
        case "new":
            let next = lexer.position
            guard let constructor = try lexer.identifier() else { throw lexer.error("a constructor after 'new'") }
            return try named(constructor, at: next)
        default:
            try lexer.skipTrivia()
            guard lexer.peek == "(" else { throw lexer.error("a value (unknown word '\(word)')", at: start) }
            let args = try arguments()
            return try MongoShellConstructors.make(word, args.map(\.value), at: start, lexer: lexer)
        }
    }
}
