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
                if timedOut, case .failure = outcome {
                    throw SwitchyardError(
                        .timeout, "the statement did not finish within \(limit)", hint: "raise the timeout or narrow the query")
                }
                return try outcome.get()
            }
        }
        guard let value = try await group.next() else {
            throw SwitchyardError(.timeout, "the statement did not finish within \(limit)")
        }
        return value
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
}
