/// The rest of the pipeline after a processor: call it to pass the request on.
public typealias QueryHandler = @Sendable (QueryRequest) async throws -> QueryResult

/// One stage of the query pipeline, like middleware.
///
/// The ``Orchestrator`` first calls every processor's ``validate(_:)`` in order,
/// so a bad request is rejected before anything runs; then it calls
/// ``process(_:next:)`` from the first processor to the last, each deciding
/// whether to pass the (possibly rewritten) request on, answer it itself (a cache
/// hit), or post-process the result it gets back. A processor that never waits is
/// better written as an ``InlineProcessor``, which the chain runs without an
/// asynchronous call.
///
/// ```swift
/// struct TagQueries: DataProcessor {
///     let name = "tag"
///     func process(_ request: QueryRequest, next: QueryHandler) async throws -> QueryResult {
///         var request = request
///         request.statement.text = "/* \(request.context.correlationID) */ " + request.statement.text
///         return try await next(request)
///     }
/// }
/// ```
public protocol DataProcessor: Sendable {
    /// A short name shown by `\processors` and in errors.
    var name: String { get }
    /// One line saying what it does with its current settings.
    var summary: String { get }

    /// Rejects a request early by throwing ``SwitchyardError`` (kind `.rejected`,
    /// `.readOnly`…). The default accepts everything.
    func validate(_ request: QueryRequest) throws

    /// Handles the request, usually by calling `next` and returning (or transforming) its result.
    /// The default passes the request on unchanged.
    func process(_ request: QueryRequest, next: QueryHandler) async throws -> QueryResult

    /// Whether every wait of its own — in ``process(_:next:)`` beyond `next`, and in reading
    /// the rows it returns — ends by the request's ``QueryOptions/deadline`` (a processor that
    /// never waits has none to end). When it does not say so, a request with a deadline runs
    /// this processor and everything after it in a child task that the pipeline cancels at the
    /// deadline. The default is `false`; an ``InlineProcessor``'s is `true`.
    var honoursDeadline: Bool { get }
}

extension DataProcessor {
    /// By default the processor's ``name``.
    public var summary: String { name }
    /// By default `false`: the pipeline watches the deadline around this processor.
    public var honoursDeadline: Bool { false }
    public func validate(_ request: QueryRequest) throws {}
    public func process(_ request: QueryRequest, next: QueryHandler) async throws -> QueryResult {
        try await next(request)
    }
}
