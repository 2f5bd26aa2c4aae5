/// Lets through only the operations named, such as `SELECT` and `INSERT`, and refuses the rest
/// before anything runs.
///
/// SQL is judged by the verb of every statement in the text (``SQLStatementShape``), so a
/// `DELETE` cannot hide behind a `SELECT` or inside a `WITH`. Other languages need a verb
/// extractor from their adapter (MongoDB: `find`, `insertOne`…); text in a language
/// without one is refused, since an allow-list that cannot tell must not guess.
public struct OperationAllowList: DataProcessor {
    public let name = "allow-list"
    /// Allowed verbs, upper-cased.
    public let allowed: Set<String>
    /// Which backends' requests it checks; requests for others pass unchecked.
    public let scope: ProcessorScope
    private let verbExtractors: [QueryLanguage: @Sendable (String) -> [String]]

    /// - Parameters:
    ///   - allowed: verbs such as `["SELECT", "INSERT"]` (case does not matter).
    ///   - scope: the backends it guards.
    ///   - verbExtractors: for languages other than SQL, the verbs of a statement's text.
    public init(
        allowing allowed: Set<String>, scope: ProcessorScope = .global,
        verbExtractors: [QueryLanguage: @Sendable (String) -> [String]] = [:]
    ) {
        self.allowed = Set(allowed.map { $0.uppercased() })
        self.scope = scope
        self.verbExtractors = verbExtractors
    }

    /// `true`: it only checks, never waits.
    public var honoursDeadline: Bool { true }

    public var summary: String { "allows only \(allowed.sorted().joined(separator: ", ")) \(scope)" }

    /// Throws ``SwitchyardError`` of kind `.rejected` when any statement in the text uses a verb not in
    /// ``allowed``, when no verb is recognised at all, or when the language has no verb extractor.
    public func validate(_ request: QueryRequest) throws {
        guard scope.applies(to: request) else { return }
        let statement = request.statement
        let verbs: [String]
        if let extract = verbExtractors[statement.language] {
            verbs = extract(statement.text).map { $0.uppercased() }
        } else if statement.language == .sql {
            verbs = SQLStatementShape(sql: statement.text).verbs
        } else {
            throw SwitchyardError(
                .rejected, "cannot tell the operation of a \(statement.language) statement, so the allow-list refuses it",
                statement: statement.text)
        }
        if let refused = verbs.first(where: { !allowed.contains($0) }) {
            throw SwitchyardError(
                .rejected, "\(refused) is not an allowed operation", statement: statement.text,
                hint: "allowed: \(allowed.sorted().joined(separator: ", "))")
        }
        if verbs.isEmpty {
            throw SwitchyardError(.rejected, "the statement has no operation the allow-list recognises", statement: statement.text)
        }
    }
}
