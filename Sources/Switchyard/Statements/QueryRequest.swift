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
    /// Give up after this long: a backend stops the statement this long after it starts it,
    /// unless ``deadline`` comes first. Also the limit errors name.
    public var timeout: Duration?
    /// The instant by which the whole request — waiting for a connection, running the
    /// statement, reading its rows — must be done; set by ``TimeoutProcessor``.
    ///
    /// A backend whose capabilities include ``BackendCapabilities/Features/deadlines`` ends
    /// every wait of the request at this instant with a `.timeout` error; for the others (and
    /// for processors and routers that do not say they honour it) the pipeline watches the
    /// deadline itself, at the cost of a child task.
    public var deadline: ContinuousClock.Instant? {
        get { deadlineSinceEpoch.map { Self.epoch.advanced(by: $0) } }
        set { deadlineSinceEpoch = newValue.map { $0 - Self.epoch } }
    }

    /// ``deadline`` as the time since ``epoch``. A `ContinuousClock.Instant` is a resilient type,
    /// whose size is known only at run time: stored here it made every request's copies go through
    /// its type's value witnesses and take room in every async frame from the task allocator
    /// (≈ 8,000 instructions more per orchestrated SQLite lookup). `Duration` has a fixed layout.
    private var deadlineSinceEpoch: Duration?
    /// The instant deadlines are counted from.
    private static let epoch = ContinuousClock.now

    /// Creates options; by default writes are allowed and there is no time limit.
    public init(readOnly: Bool = false, timeout: Duration? = nil) {
        self.readOnly = readOnly
        self.timeout = timeout
    }

    /// Creates options for a request that must be done by `deadline` (see ``deadline``).
    public init(readOnly: Bool = false, timeout: Duration? = nil, deadline: ContinuousClock.Instant) {
        self.init(readOnly: readOnly, timeout: timeout)
        self.deadline = deadline
    }

    /// Whether ``deadline`` is set (without making an instant of it).
    var hasDeadline: Bool { deadlineSinceEpoch != nil }

    /// Whether a statement has a time limit at all (a ``timeout`` or a ``deadline``): when not,
    /// an adapter has nothing to schedule, and need not read the clock.
    public var hasTimeLimit: Bool { timeout != nil || deadlineSinceEpoch != nil }

    /// When a statement started now must be stopped: the earlier of ``deadline`` and now plus
    /// ``timeout``; `nil` without either (and then without reading the clock).
    public func stopInstant() -> ContinuousClock.Instant? {
        guard hasTimeLimit else { return nil }
        return stopInstant(startingAt: .now)
    }

    /// When a statement started `now` must be stopped: the earlier of ``deadline`` and
    /// `now` plus ``timeout``; `nil` without either.
    public func stopInstant(startingAt now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        guard let timeout else { return deadline }
        let end = now.advanced(by: timeout)
        guard let deadline else { return end }
        return min(deadline, end)
    }

    /// How long a statement started `now` may run (``stopInstant()`` as a
    /// duration, never negative): for limits a server enforces itself, such as MongoDB's `maxTimeMS`.
    public func remainingTime() -> Duration? {
        guard hasTimeLimit else { return nil }
        return remainingTime(startingAt: .now)
    }

    /// ``remainingTime()`` for a statement started `now`.
    public func remainingTime(startingAt now: ContinuousClock.Instant) -> Duration? {
        stopInstant(startingAt: now).map { max(.zero, $0 - now) }
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
