/// A processor whose work never waits: it may rewrite the request on its way in and the
/// result on its way out, but it does not call the rest of the pipeline itself.
///
/// Most processors are like this — a guard that marks a request read-only, a row limit, a
/// metrics timer. Written this way, ``ProcessorChain`` calls them without an asynchronous
/// call through `process` each and hands them all one start instant instead of each reading
/// the clock, and they need no `do`/`catch` around the rest of the pipeline. A processor that
/// must wait (a timeout, a retry) or answers by itself (a cache hit) implements
/// ``DataProcessor/process(_:next:)`` instead.
///
/// ```swift
/// struct TagQueries: InlineProcessor {
///     let name = "tag"
///     func prepare(_ request: inout QueryRequest) throws {
///         request.statement.text = "/* \(request.context.correlationID) */ " + request.statement.text
///     }
/// }
/// ```
///
/// The chain calls ``prepare(_:)`` before the rest of the pipeline runs; then, once it has
/// answered, ``complete(_:for:startedAt:)`` with its result, or ``fail(_:for:startedAt:)``
/// with its error — exactly what the default ``DataProcessor/process(_:next:)`` below does,
/// so an inline processor also works wherever a plain one is called directly.
public protocol InlineProcessor: DataProcessor {
    /// Rewrites the request before it goes on; throwing refuses it (nothing after runs).
    /// The default leaves it alone.
    func prepare(_ request: inout QueryRequest) throws

    /// Post-processes the result the rest of the pipeline returned (its rows are still
    /// streaming). `request` is the request as this processor passed it on, `startedAt`
    /// when the pipeline began running it. Throwing discards the result and cancels its rows.
    /// The default leaves it alone.
    func complete(_ result: inout QueryResult, for request: QueryRequest, startedAt: ContinuousClock.Instant) throws

    /// Told that the rest of the pipeline threw `error`, which then propagates unchanged.
    /// The default does nothing.
    func fail(_ error: any Error, for request: QueryRequest, startedAt: ContinuousClock.Instant)
}

extension InlineProcessor {
    /// `true`: an inline processor never waits.
    public var honoursDeadline: Bool { true }
    public func prepare(_ request: inout QueryRequest) throws {}
    public func complete(_ result: inout QueryResult, for request: QueryRequest, startedAt: ContinuousClock.Instant) throws {}
    public func fail(_ error: any Error, for request: QueryRequest, startedAt: ContinuousClock.Instant) {}

    /// Runs ``prepare(_:)``, `next`, then ``complete(_:for:startedAt:)`` or ``fail(_:for:startedAt:)``:
    /// the same steps ``ProcessorChain`` takes inline.
    public func process(_ request: QueryRequest, next: QueryHandler) async throws -> QueryResult {
        try await ProcessorChain.runInline(self, request, startedAt: .now, next: next)
    }
}
