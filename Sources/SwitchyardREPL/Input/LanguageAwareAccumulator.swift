import Switchyard

/// Gathers input lines into statements in the language of the backend they go to.
///
/// SQL keeps ``StatementAccumulator`` (a statement ends at `;`). Other languages end a
/// statement when their ``QueryLanguageSupport/isComplete(_:)`` says so, because their
/// users do not type `;` (mongosh: the statement ends when its brackets close). The
/// language is chosen on a statement's first line: `@name` picks that backend's,
/// otherwise the current backend's.
///
/// ```swift
/// var accumulator = LanguageAwareAccumulator()
/// accumulator.append("db.items.insertOne({", language: { _ in mongo })  // []
/// accumulator.append("  name: 'a'})", language: { _ in mongo })        // ["db.items.insertOne({\n  name: 'a'})"]
/// ```
public struct LanguageAwareAccumulator: Sendable {
    private var sql = StatementAccumulator()
    /// The unfinished statement in a language other than SQL, and that language.
    private var other: (support: any QueryLanguageSupport, lines: [String])?

    /// Creates an accumulator with no pending statement.
    public init() {}

    /// How SQL is read where dialects differ, such as PostgreSQL's `E'…'` strings and nested
    /// comments (see ``StatementAccumulator/reading``); set it before a statement's first line.
    public var reading: SQLTokenizer.Reading {
        get { sql.reading }
        set { sql.reading = newValue }
    }

    /// True when the next line starts a statement.
    public var isEmpty: Bool { other == nil && sql.isEmpty }

    /// The lines of the unfinished statement, for the continuation prompt and completion.
    public var lines: [String] { other?.lines ?? sql.lines }

    /// Whether a SQL statement so far ends inside a string or comment (a `\` line then
    /// belongs to it rather than being a command).
    public var isInsideQuoteOrComment: Bool { other == nil && sql.isInsideQuoteOrComment }

    /// Adds one line and returns the statements it completed.
    ///
    /// - Parameters:
    ///   - line: the next line of input, without its line break.
    ///   - language: given a statement's first line, the support of its
    ///     language when that is not SQL; `nil` means SQL.
    public mutating func append(_ line: String, language: (String) -> (any QueryLanguageSupport)?) -> [String] {
        if var pending = other {
            pending.lines.append(line)
            other = pending
            return completedOther()
        }
        guard sql.isEmpty, !line.trimmingWhitespace().isEmpty, let support = language(line) else {
            return sql.append(line)
        }
        other = (support, [line])
        return completedOther()
    }

    /// The statement in another language, when its lines now form a whole one.
    private mutating func completedOther() -> [String] {
        guard let pending = other else { return [] }
        let text = pending.lines.joined(separator: "\n").trimmingWhitespace()
        guard !text.isEmpty else {
            other = nil
            return []
        }
        // The language sees the statement without `@name` and a final `;`, as it will run.
        guard pending.support.isComplete(TargetedStatement(parsing: text).text) else { return [] }
        other = nil
        return Self.split(text, support: pending.support)
    }

    /// `db.a.find(); db.b.find()` as two statements: the text is cut after each `;` that
    /// ends a complete statement, so a `;` inside a string, a regular expression or open
    /// brackets stays where it is (the language decides what is complete).
    static func split(_ text: String, support: any QueryLanguageSupport) -> [String] {
        guard text.utf8.contains(UInt8(ascii: ";")) else { return [text] }
        var statements: [String] = []
        // By Unicode scalars: a `;` followed by a combining mark is one Character, but still a `;`.
        let scalars = text.unicodeScalars
        var start = text.startIndex
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let next = scalars.index(after: index)
            if scalars[index] == ";" {
                let candidate = String(text[start..<next]).trimmingWhitespace()
                let body = TargetedStatement(parsing: candidate).text
                if !body.isEmpty, support.isComplete(body), text[next...].contains(where: { !$0.isWhitespace }) {
                    statements.append(candidate)
                    start = next
                }
            }
            index = next
        }
        let rest = String(text[start...]).trimmingWhitespace()
        if !rest.isEmpty { statements.append(rest) }
        return statements
    }

    /// What is left at the end of input, trimmed, when it holds a statement.
    public mutating func finish() -> String? {
        if let pending = other {
            other = nil
            // Only `//` comment lines after the last statement (mongosh scripts end so): nothing to run.
            let meaningful = pending.lines.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty && !$0.hasPrefix("//") }
            return meaningful.isEmpty ? nil : pending.lines.joined(separator: "\n").trimmingWhitespace()
        }
        return sql.finish()
    }

    /// Forgets the unfinished statement (Ctrl-C at the prompt).
    public mutating func reset() {
        other = nil
        sql.reset()
    }
}
