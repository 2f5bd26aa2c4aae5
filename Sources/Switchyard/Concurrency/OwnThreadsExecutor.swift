import Dispatch
import Foundation

/// Threads an adapter owns for its C library's blocking calls — one ``ConnectionThread``
/// per connection, or a few workers sharing a queue — that run queued jobs and can be a
/// task's executor.
///
/// Conform with ``submit(_:)`` and ``isCurrent``; the extension gives ``run(_:)`` (the
/// library call from a task: inline when the task already runs on one of the threads,
/// otherwise a queued job the task awaits) and the `TaskExecutor` requirement, so a task
/// preferring the threads (`withTaskExecutorPreference`, as sessions and transactions do)
/// runs its Swift code there and its library calls need no hand-off.
public protocol OwnThreadsExecutor: TaskExecutor {
    /// Queues `job`; returns false (and drops it) once the threads are stopping.
    @discardableResult
    func submit(_ job: @escaping @Sendable () -> Void) -> Bool
    /// Queues `job`, whose last step resumes a task waiting for it: the job calls the closure
    /// it is given right before that step. Threads sharing a queue (``WorkerThreads``) then
    /// know the thread will look at the queue next, and a job the task sends at once wakes no
    /// other thread. Returns false (and drops the job) once the threads are stopping. The
    /// default queues it with ``submit(_:)``.
    @discardableResult
    func submitResuming(_ job: @escaping @Sendable (_ willResume: () -> Void) -> Void) -> Bool
    /// Whether the caller is running on one of the threads.
    var isCurrent: Bool { get }
    /// The caller of a job running now stopped waiting for it
    /// (``runAbandoningOnCancel(_:discard:)``), and the job may block its thread for long:
    /// threads shared by any caller (``WorkerThreads``) start a replacement. The default does
    /// nothing — one connection's thread must run its calls in order, one at a time.
    func abandonRunningJob()
    /// The job ``abandonRunningJob()`` was called for has ended (on its thread).
    func abandonedJobEnded()
}

extension OwnThreadsExecutor {
    /// Runs `body` on the threads and returns its result: directly when the caller is
    /// already on one, otherwise as a queued job the caller awaits. Throws `.connection`
    /// once the threads have stopped.
    ///
    /// Inlinable, so an adapter's calls are specialised for their result type: unspecialised,
    /// every call looked up `Result<T, any Error>`'s metadata at run time.
    @inlinable
    nonisolated(nonsending) public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        if isCurrent { return try body() }
        return try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<T, any Error>) in
            let accepted = submitResuming { willResume in
                let result = Result(catching: body)
                willResume()
                continuation.resume(with: result)
            }
            if !accepted {
                continuation.resume(throwing: SwitchyardError(.connection, "backend is shut down"))
            }
        }
    }

    public func submitResuming(_ job: @escaping @Sendable (_ willResume: () -> Void) -> Void) -> Bool {
        submit { job {} }
    }

    public func abandonRunningJob() {}

    public func abandonedJobEnded() {}

    /// Runs a task's job on the threads (the `TaskExecutor` requirement).
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        if !submit({ job.runSynchronously(on: executor) }) {
            // Stopped: a task must still run somewhere, and it will find the backend shut down.
            DispatchQueue.global().async { job.runSynchronously(on: executor) }
        }
    }

    /// The calling thread's `pthread_self()`: how a queue's thread names itself as the watcher
    /// of the task it resumed (``isCurrent`` asks a thread-specific key instead).
    public static var currentThreadID: UInt { UInt(bitPattern: Int(bitPattern: pthread_self())) }
}
