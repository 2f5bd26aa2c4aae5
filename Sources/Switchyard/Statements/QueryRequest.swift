/// Where a request should go, as far as the caller wants to say.
public enum TargetHint: Sendable, Hashable {
    /// Let the router decide.
    case automatic
    /// Exactly this backend.
    case backend(String)
    /// Each of these backends (fan-out).
    case backends([String])
}

/// How a statement should be executed; processors adjust it on the way through.
public struct QueryOptions: Sendable, Hashable {
    /// Refuse anything that writes. Backends enforce this themselves where they can
    /// (SQLite checks each prepared statement), on top of the ``ReadOnlyGuard``.
    public var readOnly: Bool
    /// Give up after this long.
    public var timeout: Duration?

    public init(readOnly: Bool = false, timeout: Duration? = nil) {
        self.readOnly = readOnly
        self.timeout = timeout
    }
}

/// One query on its way through the ``Orchestrator``: the statement, where it
/// should go, who asked, and how to run it.
public struct QueryRequest: Sendable, Hashable {
    public var statement: Statement
    public var target: TargetHint
    public var context: CallerContext
    public var options: QueryOptions

    public init(
        _ statement: Statement, target: TargetHint = .automatic, context: CallerContext = CallerContext(),
        options: QueryOptions = QueryOptions()
    ) {
        self.statement = statement
        self.target = target
        self.context = context
        self.options = options
    }
}
