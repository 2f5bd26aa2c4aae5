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
        // Not generic: a generic class's metadata is looked up at run time on every call (≈ 2,000
        // instructions per MongoDB lookup, measured).
        let waiter = AbandonableWaiter()
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<T, any Error>) in
                guard waiter.attach(resumingOnCancel: { continuation.resume(throwing: CancellationError()) }) else {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                let accepted = submitResuming { willResume in
                    let result = Result(catching: body)
                    guard waiter.takeForResult() else {
                        if case .success(let value) = result { discard(value) }
                        return
                    }
                    willResume()
                    continuation.resume(with: result)
                }
                if !accepted, waiter.takeForResult() { continuation.resume(throwing: SwitchyardError(.connection, "backend is shut down")) }
            }
        } onCancel: {
            waiter.cancel()
        }
    }
}

/// Decides who resumes a task waiting for a job — the job with its result, or the task's
/// cancellation — so that exactly one does. For ``OwnThreadsExecutor/runAbandoningOnCancel(_:discard:)``.
@usableFromInline
final class AbandonableWaiter: Sendable {
    private enum State {
        case starting
        case waiting(resumeCancelled: @Sendable () -> Void)
        case resumed
        case cancelled
    }

    private let state = Mutex(State.starting)

    @usableFromInline init() {}

    /// Called once the task waits: a later cancellation calls `resumeCancelled`. False when the
    /// task was cancelled before (the caller resumes it itself).
    @usableFromInline func attach(resumingOnCancel resumeCancelled: @escaping @Sendable () -> Void) -> Bool {
        state.withLock { state in
            guard case .starting = state else { return false }
            state = .waiting(resumeCancelled: resumeCancelled)
            return true
        }
    }

    /// By the job, with its result: true when it is the one to resume the task.
    @usableFromInline func takeForResult() -> Bool {
        state.withLock { state in
            guard case .waiting = state else { return false }
            state = .resumed
            return true
        }
    }

    /// The task was cancelled: resumes it with `CancellationError` unless the job already did.
    @usableFromInline func cancel() {
        let resume = state.withLock { state -> (@Sendable () -> Void)? in
            if case .resumed = state { return nil }
            defer { state = .cancelled }
            if case .waiting(let resume) = state { return resume }
            return nil
        }
        resume?()
    }
}
