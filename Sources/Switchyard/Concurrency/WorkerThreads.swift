/// A few OS threads sharing one job queue, for a C library whose blocking calls may run on
/// any thread: any worker takes the next job, so up to ``count`` calls run at once.
///
/// Where ``ConnectionThread`` gives each connection a thread of its own (calls of one
/// connection in order), workers suit a library with its own pool of connections that any
/// thread may check one out of — the MongoDB adapter runs libmongoc's calls here. Jobs start
/// in submission order; jobs that must not overlap are the submitter's to serialise.
///
/// **Waking.** After a job, a worker watches the queue for ``ConnectionThread/watchDuration``
/// before it sleeps, as a ``ConnectionThread`` does, and one worker at a time watches. A
/// submitter wakes a sleeping worker for every job no watcher will take, so jobs sent
/// together still run at once; a worker that is resuming the task its job ran for
/// (``run(_:)``) counts as watching, so the statement that task sends next — often before the
/// worker has finished resuming it — wakes no other worker (measured in `Benchmarks/`: system
/// calls per MongoDB lookup).
///
/// **Abandoned calls.** A call whose caller stopped waiting (a deadline, a cancellation) may
/// still block its worker for minutes; a replacement worker starts meanwhile, so ``count``
/// workers stay free for other calls, and one exits when the abandoned call ends.
///
/// **Task executor.** A task that prefers the workers (`withTaskExecutorPreference`) runs its
/// Swift code on them, and then ``run(_:)`` calls the library directly.
public final class WorkerThreads: OwnThreadsExecutor, Sendable {
    /// A unit of work run on one of the workers; it must not throw, so it reports its result itself.
    public typealias Job = @Sendable () -> Void

    /// The number of workers kept free for new jobs: a job whose caller gave up waiting
    /// (``abandonRunningJob()``) gets a replacement worker until it ends.
    public let count: Int
    private let jobs: JobQueue

    /// Starts `count` workers (at least one), named `name-0`, `name-1`, …; `stackSize` in bytes.
    public init(count: Int, name: String, stackSize: Int = 4 << 20) {
        self.count = max(1, count)
        jobs = JobQueue(threads: self.count, name: name, stackSize: stackSize)
    }

    /// Workers running, ``count`` plus those started in place of workers held by abandoned calls.
    var runningCount: Int { jobs.threadCount }

    /// Whether the caller is running on one of the workers.
    public var isCurrent: Bool { jobs.isCurrent }

    /// Queues `job`; returns false (and drops it) once the workers are stopping.
    @discardableResult
    public func submit(_ job: @escaping Job) -> Bool {
        jobs.submit(job)
    }

    @discardableResult
    public func submitResuming(_ job: @escaping @Sendable (_ willResume: () -> Void) -> Void) -> Bool {
        jobs.submitResuming(job)
    }

    /// Starts a worker in place of the one running a job its caller gave up waiting for
    /// (``OwnThreadsExecutor/runAbandoningOnCancel(_:discard:)``), unless ``count`` others are
    /// free of such jobs already: a call blocked on a server that stopped answering holds
    /// its worker until the library gives up, and callers without a deadline must not queue
    /// behind it.
    public func abandonRunningJob() {
        jobs.abandonRunningJob()
    }

    /// The abandoned job has ended: one worker too many exits once the queue is empty.
    public func abandonedJobEnded() {
        jobs.abandonedJobEnded()
    }

    /// Lets queued jobs finish, then ends every worker; returns once all have exited.
    public func stop() async {
        await jobs.stop()
    }
}
