import Switchyard

/// Gathers input lines until they hold complete statements, like psql: a statement
/// ends at a `;` outside quotes and comments.
///
/// It uses the core's ``SQLTokenizer``, so a `;` inside a string, a quoted identifier,
/// a comment or a PostgreSQL dollar-quoted body never ends a statement, and it knows
/// that the `;`s inside `CREATE TRIGGER … BEGIN … END;` belong to the trigger and those inside
/// `CREATE FUNCTION … BEGIN ATOMIC … END;` to the function (``SQLStatementBlocks``). Each line
/// is tokenized once (only an unfinished string or comment is looked at again), so a
/// long script costs time in proportion to its length.
///
/// ```swift
/// var accumulator = StatementAccumulator()
/// accumulator.append("SELECT 'a;b'")      // []
/// accumulator.append("FROM t; SELECT 2;")  // ["SELECT 'a;b'\nFROM t;", "SELECT 2;"]
/// ```
public struct StatementAccumulator: Sendable {
    /// Text not yet returned, from the start of the statement being typed.
    private var pending: [UInt8] = []
    /// Where tokenizing resumes: after the last complete token.
    private var scanOffset = 0
    /// Whether the statement being typed holds more than whitespace and comments.
    private var hasContent = false
    private var blocks = SQLStatementBlocks()
    /// The lines of the unfinished statement, for the continuation prompt and completion.
    public private(set) var lines: [String] = []
    /// Whether the text so far ends inside a string, quoted identifier or block comment.
    public private(set) var isInsideQuoteOrComment = false

    /// Creates an accumulator with no pending statement.
    public init() {}

    /// How the text is read where dialects differ; SQLite's reading by default. PostgreSQL's
    /// (``SQLDialect/tokenizerReading``) makes `SELECT E'it\'s'; SELECT 2;` two statements and
    /// `SELECT 1 /* a /* b */ c; */;` one, as psql splits them.
    public var reading = SQLTokenizer.Reading()

    /// True when nothing but whitespace or comments is pending: the next line starts a statement.
    public var isEmpty: Bool { !hasContent && !isInsideQuoteOrComment }

    /// Adds one line and returns the statements it completed, each trimmed and ending in its `;`.
    public mutating func append(_ line: String) -> [String] {
        lines.append(line)
        pending.append(contentsOf: line.utf8)
        pending.append(UInt8(ascii: "\n"))
        return scan()
    }

    /// What is left at the end of input, trimmed, when it holds a statement (without a final `;`).
    public mutating func finish() -> String? {
        defer { reset() }
        guard hasContent || isInsideQuoteOrComment else { return nil }
        let text = String(decoding: pending, as: UTF8.self).trimmingWhitespace()
        return text.isEmpty ? nil : text
    }

    /// Forgets the unfinished statement (Ctrl-C at the prompt).
    public mutating func reset() {
        pending = []
        scanOffset = 0
        hasContent = false
        blocks = SQLStatementBlocks()
        lines = []
        isInsideQuoteOrComment = false
    }

    private mutating func scan() -> [String] {
        var completed: [String] = []
        let tail = String(decoding: pending[scanOffset...], as: UTF8.self)
        var offset = scanOffset
        var statementStart = 0
        isInsideQuoteOrComment = false
        for token in SQLTokenizer(tail, reading: reading) {
            let length = token.text.utf8.count
            switch token.kind {
            case .unterminated:
                isInsideQuoteOrComment = true
                hasContent = hasContent || !token.text.hasPrefix("/*")
            case .word:
                hasContent = true
                blocks.see(word: token.text)
            case .quoted:
                hasContent = true
            case .comment, .whitespace:
                break
            case .punctuation:
                if token.text == ";" && blocks.semicolonEnds {
                    if hasContent {
                        let text = String(decoding: pending[statementStart..<(offset + length)], as: UTF8.self)
                        completed.append(text.trimmingWhitespace())
                    }
                    statementStart = offset + length
                    hasContent = false
                    blocks = SQLStatementBlocks()
                } else {
                    hasContent = true
                    blocks.see(punctuation: token.text)
                }
            }
            if token.kind == .unterminated { break }
            offset += length
        }
        scanOffset = offset
        if statementStart > 0 {
            pending.removeFirst(statementStart)
            scanOffset -= statementStart
            let rest = String(decoding: pending, as: UTF8.self).trimmingWhitespace()
            lines = rest.isEmpty ? [] : rest.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if rest.isEmpty && !isInsideQuoteOrComment {
                pending = []
                scanOffset = 0
            }
        }
        return completed
    }
}

extension String {
    /// The text without leading and trailing whitespace and newlines.
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
