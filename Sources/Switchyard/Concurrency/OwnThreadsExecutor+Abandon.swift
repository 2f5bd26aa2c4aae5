import Synchronization

extension OwnThreadsExecutor {
    /// ``run(_:)`` for a call that may block for as long as a server does not answer: a caller
    /// cancelled meanwhile (Ctrl-C, a ``TimeoutProcessor``'s deadline) is resumed at once with a
    /// `CancellationError`. A `body` not started by then never runs; one running goes on on
    /// its thread — which ``abandonRunningJob()`` replaces meanwhile, so callers without a
    /// deadline do not queue behind it — and its result, wanted by nobody, goes to `discard`
    /// there (close a cursor, give a client back).
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
                let accepted = submitResuming { [self] willResume in
                    guard waiter.start() else { return }
                    let result = Result(catching: body)
                    switch waiter.finish() {
                    case .resume:
                        willResume()
                        continuation.resume(with: result)
                    case .abandoned:
                        if case .success(let value) = result { discard(value) }
                        abandonedJobEnded()
                    }
                }
                if !accepted, case .resume = waiter.finish() {
                    continuation.resume(throwing: SwitchyardError(.connection, "backend is shut down"))
                }
            }
        } onCancel: {
            waiter.cancel(abandoningRunningJob: abandonRunningJob)
        }
    }
}

/// Decides who resumes a task waiting for a job — the job with its result, or the task's
/// cancellation — so that exactly one does, and whether a cancelled job still runs (not when
/// it had not started). For ``OwnThreadsExecutor/runAbandoningOnCancel(_:discard:)``.
@usableFromInline
final class AbandonableWaiter: Sendable {
    private enum State {
        case starting
        case waiting(resumeCancelled: @Sendable () -> Void)
        case running(resumeCancelled: @Sendable () -> Void)
        case resumed
        /// Cancelled before the job started: it will not run.
        case cancelled
        /// Cancelled while the job ran: it ends unwatched.
        case abandoned
    }

    /// Who a finished job's result goes to.
    @usableFromInline enum Finish {
        /// The waiting task: resume it.
        case resume
        /// Nobody: the task was resumed when it was cancelled.
        case abandoned
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

    /// By the job, as it starts: false when the task was cancelled meanwhile (skip the work).
    @usableFromInline func start() -> Bool {
        state.withLock { state in
            guard case .waiting(let resume) = state else { return false }
            state = .running(resumeCancelled: resume)
            return true
        }
    }

    /// By the job, with its result — or by the submitter, when the job was refused.
    @usableFromInline func finish() -> Finish {
        state.withLock { state in
            switch state {
            case .waiting, .running:
                state = .resumed
                return .resume
            case .starting, .resumed, .cancelled, .abandoned:
                return .abandoned
            }
        }
    }

    /// The task was cancelled: resumes it with `CancellationError` unless the job already did;
    /// calls `abandoningRunningJob` when the job is running (before the job can see it was
    /// abandoned, so the two calls an executor gets come in order).
    @usableFromInline func cancel(abandoningRunningJob: () -> Void) {
        let resume = state.withLock { state -> (@Sendable () -> Void)? in
            switch state {
            case .starting:
                state = .cancelled
                return nil
            case .waiting(let resume):
                state = .cancelled
                return resume
            case .running(let resume):
                abandoningRunningJob()
                state = .abandoned
                return resume
            case .resumed, .cancelled, .abandoned:
                return nil
            }
        }
        resume?()
    }
}
