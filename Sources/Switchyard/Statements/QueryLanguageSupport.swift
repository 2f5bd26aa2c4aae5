/// What tools need to know about a query language besides how to run it: when typed
/// text is a whole statement, what a statement does, and which words to offer.
///
/// An adapter that brings a language describes it here and hands it out from its
/// driver (``BackendDriver/languageSupport``); the REPL and ``ReadOnlyGuard`` ask the
/// ``DriverRegistry`` for it, so neither needs to know the adapter.
public protocol QueryLanguageSupport: Sendable {
    var language: QueryLanguage { get }

    /// Whether `text` (everything typed so far) is a whole statement, ready to run.
    ///
    /// > Important: The REPL passes the text without its `@name` prefix and without a final
    /// > `;` (it cuts statements at `;` itself, asking this for each candidate), so a language
    /// > cannot wait for the `;`: decide from the statement's own structure — brackets and
    /// > strings closed — as mongosh's support does. One that waits for `;` never completes,
    /// > and the REPL runs a whole script as one statement.
    func isComplete(_ text: String) -> Bool

    /// What `text` does, so read-only sessions can refuse writes before they run.
    func classify(_ text: String) -> StatementKind

    /// Words tab completion offers for this language, besides catalog names.
    var completionWords: [String] { get }

    /// The operations `text` performs (SQL: `SELECT`, `INSERT`…; MongoDB: `find`, `insert`…), for
    /// ``OperationAllowList``. The default, nothing, makes the allow-list refuse the statement:
    /// an allow-list that cannot tell must not guess.
    func operations(_ text: String) -> [String]

    /// The tables or collections `text` names, for the ownership rule and a fan-out rule's
    /// `tables`. The default, `nil`, leaves it to ``TableNameExtractor``, which reads a
    /// language other than SQL as mongosh (`db.<collection>.…`): a language of another shape
    /// must answer here, or those rules never see its tables.
    func tables(in text: String) -> [String]?

    /// How a value is written when results are printed as JSON in this language's
    /// conventions (MongoDB: relaxed Extended JSON). The default is ``JSON/serialize(_:)``.
    func jsonText(_ value: Value) -> String
}

extension QueryLanguageSupport {
    /// None by default: completion offers catalog names only.
    public var completionWords: [String] { [] }
    public func operations(_ text: String) -> [String] { [] }
    public func tables(in text: String) -> [String]? { nil }
    public func jsonText(_ value: Value) -> String { JSON.serialize(value) }
}

/// SQL as the core understands it: a statement ends with `;` outside quotes and comments.
public struct SQLLanguageSupport: QueryLanguageSupport {
    /// Creates the core's SQL support; it holds no state.
    public init() {}
    public var language: QueryLanguage { .sql }

    /// True when the last token outside quotes and comments is `;`.
    public func isComplete(_ text: String) -> Bool {
        var last: SQLTokenizer.Token?
        for token in SQLTokenizer(text) where token.kind != .whitespace && token.kind != .comment {
            last = token
        }
        return last?.kind == .punctuation && last?.text == ";"
    }

    /// Classifies with ``StatementKind/classify(sql:)``.
    public func classify(_ text: String) -> StatementKind { StatementKind.classify(sql: text) }

    /// The verb of every statement in the text, `WITH` bodies included.
    public func operations(_ text: String) -> [String] { SQLStatementShape(sql: text).verbs }
}
