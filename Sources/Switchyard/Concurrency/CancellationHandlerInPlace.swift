/// Runs `operation` with `handler` called if the task is cancelled meanwhile, on whatever
/// executor the caller runs on: `withTaskCancellationHandler` without its executor switches.
///
/// The standard library's `withTaskCancellationHandler(operation:onCancel:isolation:)` takes
/// an `isolated` parameter and switches to it on the way in and out, even when the task
/// already runs there; for a caller with no actor, such as an adapter's `nonisolated(nonsending)`
/// query path, each switch still checks the task's preferred executor under a lock. Once per
/// statement that was ≈ 600 instructions of a PostgreSQL lookup in a session (25,424 → 24,831,
/// `scripts/bench-instructions.sh --workload W1 --backend postgres`). The handler's semantics
/// are the standard library's: it runs at most once, right away if the task is already
/// cancelled, possibly on another thread while `operation` runs.
///
/// Adapters call it where a statement starts; use it only from code that does not depend on
/// an actor's isolation (the operation runs wherever the caller runs).
@inlinable @inline(__always)
nonisolated(nonsending) public func withTaskCancellationHandlerInPlace<T>(
    operation: () async throws -> T, onCancel handler: @Sendable () -> Void
) async rethrows -> T {
    // The entry point that inherits the caller's executor (what `withTaskCancellationHandler`
    // was before it took an isolation), public in the standard library's interface and kept
    // for its ABI. Should a toolchain drop it, this line goes back to `withTaskCancellationHandler`.
    try await _unsafeInheritExecutor_withTaskCancellationHandler(operation: operation, onCancel: handler)
}
