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
///
/// A value like any other: copies are independent. A request is passed on by every stage of
/// the pipeline, so its fields share one storage and a copy costs one reference count, not one
/// per string, array and dictionary inside; changing a field of a shared request copies them first.
public struct QueryRequest: Sendable, Hashable {
    /// The fields. Changed only while `QueryRequest` holds the one reference to it, so the
    /// accesses need no run-time exclusivity check (which cost ≈ 15 calls per request).
    private final class Storage: @unchecked Sendable {
        @exclusivity(unchecked) var statement: Statement
        @exclusivity(unchecked) var target: TargetHint
        @exclusivity(unchecked) var context: CallerContext
        @exclusivity(unchecked) var options: QueryOptions

        init(statement: Statement, target: TargetHint, context: CallerContext, options: QueryOptions) {
            self.statement = statement
            self.target = target
            self.context = context
            self.options = options
        }

        func copy() -> Storage { Storage(statement: statement, target: target, context: context, options: options) }
    }

    private var storage: Storage

    public var statement: Statement {
        _read { yield storage.statement }
        _modify { makeUnique(); yield &storage.statement }
    }

    public var target: TargetHint {
        _read { yield storage.target }
        _modify { makeUnique(); yield &storage.target }
    }

    public var context: CallerContext {
        _read { yield storage.context }
        _modify { makeUnique(); yield &storage.context }
    }

    public var options: QueryOptions {
        _read { yield storage.options }
        _modify { makeUnique(); yield &storage.options }
    }

    public init(
        _ statement: Statement, target: TargetHint = .automatic, context: CallerContext = CallerContext(),
        options: QueryOptions = QueryOptions()
    ) {
        storage = Storage(statement: statement, target: target, context: context, options: options)
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    public static func == (lhs: QueryRequest, rhs: QueryRequest) -> Bool {
        lhs.storage === rhs.storage
            || (lhs.statement == rhs.statement && lhs.target == rhs.target && lhs.context == rhs.context
                && lhs.options == rhs.options)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(statement)
        hasher.combine(target)
        hasher.combine(context)
        hasher.combine(options)
    }
}
