/// Gives every request a time limit: backends are told (``QueryOptions/timeout``) so they
/// can enforce it themselves, and the pipeline cancels the request when it runs over,
/// whether it is still starting or already streaming rows, failing with `.timeout`.
///
/// A shorter timeout already on the request is kept.
public struct TimeoutProcessor: DataProcessor {
    public let name = "timeout"
    /// The longest a request may take, from entering this processor until its last row is read.
    public let limit: Duration
    /// Which backends' requests it limits.
    public let scope: ProcessorScope

    /// Creates a processor giving requests for backends in `scope` at most `limit`.
    public init(limit: Duration, scope: ProcessorScope = .global) {
        self.limit = limit
        self.scope = scope
    }

    public var summary: String { "cancels statements after \(limit) \(scope)" }

    public func process(_ request: QueryRequest, next: QueryHandler) async throws -> QueryResult {
        guard scope.applies(to: request) else { return try await next(request) }
        var request = request
        let limit = min(request.options.timeout ?? self.limit, self.limit)
        request.options.timeout = limit
        let deadline = ContinuousClock.now.advanced(by: limit)
        let downstream = request
        // The task group inside `withDeadline` ends before this call returns, so `next` does not outlive it.
        var result = try await withoutActuallyEscaping(next) { next in
            try await withDeadline(deadline, limit: limit) { try await next(downstream) }
        }
        // Rows all read already (a lookup's) leave nothing to wait for: no deadline to watch.
        guard !result.rows.hasAllRows else { return result }
        result.rows = ResultSet(
            columns: result.rows.columns, stream: DeadlineRowStream(base: result.rows.stream, deadline: deadline, limit: limit))
        return result
    }
}
