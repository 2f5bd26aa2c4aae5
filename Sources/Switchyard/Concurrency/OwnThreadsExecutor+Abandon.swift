import Synchronization

extension OwnThreadsExecutor {
    /// ``run(_:)`` for a call that may block for as long as a server does not answer: a caller
    /// cancelled meanwhile (Ctrl-C, a ``TimeoutProcessor``'s deadline) is resumed at once with a
    /// `CancellationError`, while `body` goes on on the threads; its result, wanted by nobody
    /// by then, goes to `discard` there (close a cursor, give a client back).
    ///
    /// Inlinable, as ``run(_:)`` is, so each call is specialised for its result type.
    @inlinable
    nonisolated(nonsending) public func runAbandoningOnCancel<T: Sendable>(
        _ body: @escaping @Sendable () throws -> T, discard: @escaping @Sendable (T) -> Void
    ) async throws -> T {
        if isCurrent { return try body() }
        let waiter = AbandonableWaiter<T>()
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<T, any Error>) in
                guard waiter.attach(continuation) else { return }  // cancelled already: resumed by `attach`
                let accepted = submitResuming { willResume in
                    let result = Result(catching: body)
                    guard let continuation = waiter.take() else {
                        if case .success(let value) = result { discard(value) }
                        return
                    }
                    willResume()
                    continuation.resume(with: result)
                }
                if !accepted { waiter.take()?.resume(throwing: SwitchyardError(.connection, "backend is shut down")) }
            }
        } onCancel: {
            waiter.cancel()
        }
    }
}

/// The continuation of a task waiting for a job, resumed by whichever comes first: the job's
/// result or the task's cancellation. For ``OwnThreadsExecutor/runAbandoningOnCancel(_:discard:)``.
public final class AbandonableWaiter<T: Sendable>: Sendable {
    private struct State: ~Copyable {
        var continuation: UnsafeContinuation<T, any Error>?
        var cancelled = false
    }

    private let state = Mutex(State())

    public init() {}

    /// Keeps `continuation` until the job or a cancellation takes it; false (and resumes it with
    /// `CancellationError`) when the task was cancelled before.
    public func attach(_ continuation: UnsafeContinuation<T, any Error>) -> Bool {
        let cancelled = state.withLock { state -> Bool in
            if state.cancelled { return true }
            state.continuation = continuation
            return false
        }
        if cancelled { continuation.resume(throwing: CancellationError()) }
        return !cancelled
    }

    /// The continuation, for the one that resumes it; `nil` once it was taken.
    public func take() -> UnsafeContinuation<T, any Error>? {
        state.withLock { state in
            defer { state.continuation = nil }
            return state.continuation
        }
    }

    /// The task was cancelled: resumes it with `CancellationError` unless the job already did.
    public func cancel() {
        let continuation = state.withLock { state -> UnsafeContinuation<T, any Error>? in
            state.cancelled = true
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(throwing: CancellationError())
    }
}
