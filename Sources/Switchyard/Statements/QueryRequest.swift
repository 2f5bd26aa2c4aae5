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

    /// Creates options; by default writes are allowed and there is no time limit.
    public init(readOnly: Bool = false, timeout: Duration? = nil) {
        self.readOnly = readOnly
        self.timeout = timeout
    }
}

/// One query on its way through the ``Orchestrator``: the statement, where it
/// should go, who asked, and how to run it.
///
/// A value like any other: copies are independent. A request is passed on by every stage of
/// the pipeline, so its statement, target and context share one storage and a copy costs one
/// reference count, not one per string, array and dictionary inside; changing one of them in a
/// shared request copies them first. Its options, which processors set (``ReadOnlyGuard``,
/// ``TimeoutProcessor``), are plain values beside that storage: setting them copies nothing.
public struct QueryRequest: Sendable, Hashable {
    /// The statement, target and context. Changed only while `QueryRequest` holds the one
    /// reference to it, so the accesses need no run-time exclusivity check (which cost ≈ 15
    /// calls per request).
    private final class Storage: @unchecked Sendable {
        @exclusivity(unchecked) var statement: Statement
        @exclusivity(unchecked) var target: TargetHint
        @exclusivity(unchecked) var context: CallerContext

        init(statement: Statement, target: TargetHint, context: CallerContext) {
            self.statement = statement
            self.target = target
            self.context = context
        }

        func copy() -> Storage { Storage(statement: statement, target: target, context: context) }
    }

    private var storage: Storage

    /// How to run it.
    public var options: QueryOptions

    /// What to run: text, bindings and language.
    public var statement: Statement {
        _read { yield storage.statement }
        _modify { makeUnique(); yield &storage.statement }
    }

    /// Where the caller wants it to go; ``TargetHint/automatic`` leaves it to the router.
    public var target: TargetHint {
        _read { yield storage.target }
        _modify { makeUnique(); yield &storage.target }
    }

    /// Who is asking: user, tenant, correlation id, session backend and attributes.
    public var context: CallerContext {
        _read { yield storage.context }
        _modify { makeUnique(); yield &storage.context }
    }

    /// Creates a request for `statement`; by default the router decides where it goes, and the caller
    /// names no user or tenant and gets a new correlation id.
    public init(
        _ statement: Statement, target: TargetHint = .automatic, context: CallerContext = CallerContext(),
        options: QueryOptions = QueryOptions()
    ) {
        storage = Storage(statement: statement, target: target, context: context)
        self.options = options
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    public static func == (lhs: QueryRequest, rhs: QueryRequest) -> Bool {
        lhs.options == rhs.options
            && (lhs.storage === rhs.storage
                || (lhs.statement == rhs.statement && lhs.target == rhs.target && lhs.context == rhs.context))
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(statement)
        hasher.combine(target)
        hasher.combine(context)
        hasher.combine(options)
    }
}
