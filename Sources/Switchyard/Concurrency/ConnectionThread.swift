import Dispatch
import Foundation
import Synchronization

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
/// found nothing it skips watching for ``jobsBetweenFailedWatches`` jobs, so a caller that
/// pauses longer (an orchestrator's pipeline, eight connections sharing two cores) does not
/// pay a window of spinning per statement (measured in `Benchmarks/`).
///
/// **Task executor.** A task that prefers the thread (`withTaskExecutorPreference`, as the
/// adapters' sessions and transactions do) runs its Swift code here too, and then ``run(_:)``
/// calls the library directly: a statement costs no thread switch at all.
public final class ConnectionThread: OwnThreadsExecutor, Sendable {
    public typealias Job = @Sendable () -> Void

    /// How long the thread watches for the next job before it sleeps.
    public static let watchDuration = Duration.microseconds(30)
    /// Jobs after a watch that found nothing before the thread watches again.
    public static let jobsBetweenFailedWatches = 16

    private let jobs = JobQueue()

    /// Starts the thread. `stackSize` in bytes: parsers that recurse (SQLite's, JSON) want room.
    public init(name: String, stackSize: Int = 1 << 20) {
        let thread = Thread { [jobs] in
            jobs.threadID.store(Self.currentThreadID, ordering: .releasing)
            jobs.runLoop()
            jobs.exited.signal()
        }
        thread.name = name
        thread.stackSize = stackSize
        thread.start()
    }

    /// Whether the caller is running on this thread.
    public var isCurrent: Bool { jobs.threadID.load(ordering: .acquiring) == Self.currentThreadID }

    /// Queues `job`; returns false (and drops it) once the thread is stopping.
    @discardableResult
    public func submit(_ job: @escaping Job) -> Bool {
        jobs.submit(job)
    }

    /// Lets queued jobs finish, then ends the thread; returns once it has exited.
    public func stop() async {
        guard jobs.requestStop() else { return }
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            DispatchQueue.global().async { [jobs] in
                jobs.exited.wait()
                continuation.resume()
            }
        }
    }
}

extension ConnectionThread {
    /// The queue the thread drains, shared with the threads that submit.
    private final class JobQueue: Sendable {
        private struct State: ~Copyable {
            var jobs: [Job] = []
            var head = 0
            var isStopping = false
            /// The thread is (about to be) blocked on `wakeup`: the next submitter signals it.
            var isSleeping = false
        }

        private let state = Mutex(State())
        /// Jobs queued and not yet taken, readable without the lock while watching.
        private let pending = Atomic<Int>(0)
        /// Jobs left to run before watching again after a fruitless watch (only the thread touches it).
        private let jobsBeforeWatching = Atomic<Int>(0)
        /// Signalled once for each time the thread went to sleep and was then given work (or told to stop).
        private let wakeup = DispatchSemaphore(value: 0)
        let exited = DispatchSemaphore(value: 0)
        /// The thread's `pthread_self()`, set by the thread before it runs any job.
        let threadID = Atomic<UInt>(0)

        func submit(_ job: @escaping Job) -> Bool {
            let (accepted, wake) = state.withLock { state -> (Bool, Bool) in
                guard !state.isStopping else { return (false, false) }
                state.jobs.append(job)
                defer { state.isSleeping = false }
                return (true, state.isSleeping)
            }
            if accepted { pending.add(1, ordering: .releasing) }
            if wake { wakeup.signal() }
            return accepted
        }

        /// Returns whether this call started the stop.
        func requestStop() -> Bool {
            let (first, wake) = state.withLock { state -> (Bool, Bool) in
                guard !state.isStopping else { return (false, false) }
                state.isStopping = true
                defer { state.isSleeping = false }
                return (true, state.isSleeping)
            }
            if wake { wakeup.signal() }
            return first
        }

        func runLoop() {
            while true {
                if let job = take() {
                    job()
                    continue
                }
                if state.withLock({ $0.isStopping }) { return }
                if watchForJob() { continue }
                let sleeps = state.withLock { state -> Bool in
                    guard state.head == state.jobs.count, !state.isStopping else { return false }
                    state.isSleeping = true
                    return true
                }
                if sleeps { wakeup.wait() }
            }
        }

        private func take() -> Job? {
            let job: Job? = state.withLock { state in
                guard state.head < state.jobs.count else { return nil }
                let job = state.jobs[state.head]
                state.head += 1
                if state.head == state.jobs.count {
                    state.jobs.removeAll(keepingCapacity: true)
                    state.head = 0
                }
                return job
            }
            if job != nil { pending.subtract(1, ordering: .relaxed) }
            return job
        }

        /// True when a job arrived within ``ConnectionThread/watchDuration``.
        private func watchForJob() -> Bool {
            let skips = jobsBeforeWatching.load(ordering: .relaxed)
            if skips > 0 {
                jobsBeforeWatching.store(skips - 1, ordering: .relaxed)
                return false
            }
            let clock = ContinuousClock()
            let deadline = clock.now + ConnectionThread.watchDuration
            repeat {
                for _ in 0..<256 where pending.load(ordering: .acquiring) > 0 { return true }
            } while clock.now < deadline
            jobsBeforeWatching.store(ConnectionThread.jobsBetweenFailedWatches, ordering: .relaxed)
            return false
        }
    }
}
