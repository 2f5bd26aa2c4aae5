/// One dedicated OS thread with a job queue, for a C library's blocking calls: every call of
/// one connection runs here, in submission order.
///
/// Client libraries block (disk I/O, the network, busy waits). Running them on Swift's
/// cooperative pool — two threads on the machines this runs on — would stall every other
/// task, so each connection gets a thread of its own and callers await a continuation
/// instead. The SQLite and PostgreSQL adapters use it; a new adapter can too.
///
/// **Watching.** Waking a sleeping thread costs more than a point lookup itself, so after a
/// job the thread watches its queue for ``watchDuration`` before it sleeps: a caller issuing
/// statements back to back usually sends the next one within that window. After a watch that
/// found nothing it skips watching the next ``jobsBetweenFailedWatches`` times its queue
/// empties, so a caller that pauses longer (an orchestrator's pipeline, eight connections
/// sharing two cores) does not pay a window of spinning per statement (measured in
/// `Benchmarks/`). ``WorkerThreads`` are the same for several threads sharing one queue.
///
/// **Task executor.** A task that prefers the thread (`withTaskExecutorPreference`, as the
/// adapters' sessions and transactions do) runs its Swift code here too, and then ``run(_:)``
/// calls the library directly: a statement costs no thread switch at all.
public final class ConnectionThread: OwnThreadsExecutor, Sendable {
    /// A unit of work run on the thread; it must not throw, so it reports its result itself.
    public typealias Job = @Sendable () -> Void

    /// How long the thread watches for the next job before it sleeps.
    public static let watchDuration = JobQueue.watchDuration
    /// Times the queue empties after a watch that found nothing before the thread watches again.
    public static let jobsBetweenFailedWatches = JobQueue.skipsAfterFailedWatch

    private let jobs: JobQueue

    /// Starts the thread. `stackSize` in bytes: parsers that recurse (SQLite's, JSON) want room.
    public init(name: String, stackSize: Int = 1 << 20) {
        jobs = JobQueue(threads: 1, name: name, stackSize: stackSize)
    }

    /// Whether the caller is running on this thread.
    public var isCurrent: Bool { jobs.isCurrent }

    /// Queues `job`; returns false (and drops it) once the thread is stopping.
    @discardableResult
    public func submit(_ job: @escaping Job) -> Bool {
        jobs.submit(job)
    }

    @discardableResult
    public func submitResuming(_ job: @escaping @Sendable (_ willResume: () -> Void) -> Void) -> Bool {
        jobs.submitResuming(job)
    }

    /// Lets queued jobs finish, then ends the thread; returns once it has exited.
    public func stop() async {
        await jobs.stop()
    }
}
