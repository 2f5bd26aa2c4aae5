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
/// **Task executor.** A task that prefers the workers (`withTaskExecutorPreference`) runs its
/// Swift code on them, and then ``run(_:)`` calls the library directly.
public final class WorkerThreads: OwnThreadsExecutor, Sendable {
    /// A unit of work run on one of the workers; it must not throw, so it reports its result itself.
    public typealias Job = @Sendable () -> Void

    /// The number of workers.
    public let count: Int
    private let jobs: JobQueue
    /// Each worker's `pthread_self()`, recorded before it runs a job: ``isCurrent`` compares
    /// a few words, without a lock.
    private let identities: [ThreadIdentity]

    /// Starts `count` workers (at least one), named `name-0`, `name-1`, …; `stackSize` in bytes.
    public init(count: Int, name: String, stackSize: Int = 4 << 20) {
        let count = max(1, count)
        let jobs = JobQueue(threads: count)
        self.count = count
        self.jobs = jobs
        identities = (0..<count).map { jobs.startThread(named: "\(name)-\($0)", stackSize: stackSize) }
    }

    /// Whether the caller is running on one of the workers.
    public var isCurrent: Bool { identities.contains { $0.isCurrent } }

    /// Queues `job`; returns false (and drops it) once the workers are stopping.
    @discardableResult
    public func submit(_ job: @escaping Job) -> Bool {
        jobs.submit(job)
    }

    @discardableResult
    public func submitResuming(_ job: @escaping @Sendable (_ willResume: () -> Void) -> Void) -> Bool {
        jobs.submitResuming(job)
    }

    /// Lets queued jobs finish, then ends every worker; returns once all have exited.
    public func stop() async {
        await jobs.stop(threads: count)
    }
}
