/// Runs `operation`, cancelling it and throwing a `.timeout` error when `deadline` passes first.
///
/// Cancellation is cooperative: the error is thrown once the operation has stopped, which
/// adapters do promptly (they interrupt the running statement when their task is cancelled).
func withDeadline<T: Sendable>(
    _ deadline: ContinuousClock.Instant, limit: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(until: deadline, clock: .continuous)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else {
            throw SwitchyardError(.timeout, "the statement did not finish within \(limit)")
        }
        guard let value = first else {
            throw SwitchyardError(
                .timeout, "the statement did not finish within \(limit)", hint: "raise the timeout or narrow the query")
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

    func summary() -> ExecutionSummary { base.summary() }
    func cancel() { base.cancel() }
}
