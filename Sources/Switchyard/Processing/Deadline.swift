/// Runs `operation`, cancelling it and throwing a `.timeout` error when `deadline` passes first.
///
/// Cancellation is cooperative: the error is thrown once the operation has stopped, which
/// adapters do promptly (they interrupt the running statement when their task is cancelled).
/// The operation runs in a child task, so that cancelling it leaves the caller's task alone;
/// the child starts on this thread and the process's one ``DeadlineTimer`` watches it, so a
/// deadline costs no timer of its own and no thread woken: an operation that never waits (a
/// cached SQLite read) is done before this call first suspends.
func withDeadline<T: Sendable>(
    _ deadline: ContinuousClock.Instant, limit: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addImmediateTask {
            try await withUnsafeCurrentTask { task in
                guard let task else { return try await operation() }
                let (outcome, timedOut) = await DeadlineTimer.shared.cancelling(task, at: deadline, operation)
                if timedOut, case .failure = outcome { throw DeadlineRowStream.timeoutError(limit) }
                return try outcome.get()
            }
        }
        guard let value = try await group.next() else {
            throw DeadlineRowStream.timeoutError(limit)
        }
        return value
    }
}

/// Runs `handler` for `request`, watching the request's ``QueryOptions/deadline`` when it has
/// one: `handler` runs in a child task cancelled at the deadline (`.timeout`), and the rows it
/// returns end with `.timeout` too once it passes. For parts of the pipeline that do not say
/// they honour deadlines themselves; without a deadline, `handler` is simply called.
nonisolated(nonsending) func watchingDeadline(of request: QueryRequest, _ handler: QueryHandler) async throws -> QueryResult {
    guard request.options.hasDeadline else { return try await handler(request) }
    return try await watching(request, handler)
}

/// ``watchingDeadline(of:_:)`` for a request with a deadline. Apart from it, whose frame would
/// otherwise make room for the deadline (an instant: a resilient type, taken from the task
/// allocator) on every call.
@inline(never)
nonisolated(nonsending) private func watching(_ request: QueryRequest, _ handler: QueryHandler) async throws -> QueryResult {
    guard let deadline = request.options.deadline else { return try await handler(request) }
    let limit = request.options.timeoutNaming(deadline)
    // The task group inside `withDeadline` ends before this call returns, so `handler` does not outlive it.
    var result = try await withoutActuallyEscaping(handler) { handler in
        try await withDeadline(deadline, limit: limit) { try await handler(request) }
    }
    result.rows = result.rows.watched(until: deadline, limit: limit)
    return result
}

extension QueryOptions {
    /// The limit a timeout error names for `deadline`: ``timeout``, or else the time left until it.
    func timeoutNaming(_ deadline: ContinuousClock.Instant) -> Duration {
        timeout ?? max(.zero, deadline - .now)
    }
}

extension ResultSet {
    /// These rows, ending with `.timeout` (and the backend's statement cancelled) once
    /// `deadline` passes; rows all read already need no watching and are returned as they are.
    func watched(until deadline: ContinuousClock.Instant, limit: Duration) -> ResultSet {
        guard !hasAllRows else { return self }
        return ResultSet(columns: columns, stream: DeadlineRowStream(base: stream, deadline: deadline, limit: limit))
    }
}

/// Ends a result's stream with a `.timeout` error once its deadline passes, and cancels
/// the backend's statement.
final class DeadlineRowStream: RowStream {
    private let base: any RowStream
    private let deadline: ContinuousClock.Instant
    private let limit: Duration

    init(base: any RowStream, deadline: ContinuousClock.Instant, limit: Duration) {
        self.base = base
        self.deadline = deadline
        self.limit = limit
    }

    func nextBatch() async throws -> [Row] {
        let base = self.base
        do {
            // Past the deadline already: a batch the backend has at hand would come back before
            // the timer's cancellation lands.
            guard ContinuousClock.now < deadline else { throw Self.timeoutError(limit) }
            return try await withDeadline(deadline, limit: limit) { try await base.nextBatch() }
        } catch let error as SwitchyardError where error.kind == .timeout {
            base.cancel()
            throw error
        }
    }

    /// A batch at hand needs no waiting, so no deadline applies to it.
    func readyBatch() -> ReadyBatch? { base.readyBatch() }

    /// Every row is kept, and rows all in memory need no deadline.
    var bufferedRowCount: Int? { base.bufferedRowCount }

    func summary() -> ExecutionSummary { base.summary() }
    func cancel() { base.cancel() }

    /// What a request watched by the pipeline fails with at its deadline.
    static func timeoutError(_ limit: Duration) -> SwitchyardError {
        SwitchyardError(.timeout, "the statement did not finish within \(limit)", hint: "raise the timeout or narrow the query")
    }
}
