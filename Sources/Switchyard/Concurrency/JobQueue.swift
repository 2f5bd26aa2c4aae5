import Dispatch
import Foundation
import Synchronization

/// The job queue that one or more threads of ``ConnectionThread`` or ``WorkerThreads`` drain
/// in submission order, shared with the threads that submit.
///
/// **Watching.** Waking a sleeping thread costs more than a point lookup itself (a system
/// call for the submitter, a context switch for the thread), so after a job a thread watches
/// the queue for `watchDuration` before it sleeps: a caller issuing statements back to back
/// usually sends the next one within that window. After a watch that found nothing the thread
/// skips watching the next `skipsAfterFailedWatch` times the queue empties, so a caller that pauses longer (an
/// orchestrator's pipeline, eight connections sharing two cores) does not pay a window of
/// spinning per statement. At most one thread of a queue watches at a time: on two cores,
/// several spinning would take the cores their callers and servers need.
///
/// **Waking.** A submitter wakes a sleeping thread only for a job no watcher will take — when
/// the jobs waiting outnumber the watchers. A thread that is about to resume a task waiting
/// for its job (``submitResuming(_:)``) counts as a watcher from then on: on several threads,
/// the task would otherwise send its next job while the thread finishes, wake a sleeping one
/// for it, and the finishing thread would take the job first — a wake-up, two system calls
/// and a context switch per statement for nothing. A thread sleeps only after finding the
/// queue empty under the lock, and counts itself asleep there, so every job is either taken
/// by a thread that is awake or wakes one: none is left behind.
///
/// **Abandoned jobs.** A job whose caller stopped waiting for it (``abandonRunningJob()``)
/// may block its thread for minutes — a library call to a server that stopped answering —
/// while callers without a deadline queue behind it. Each one is replaced: a new thread
/// starts, so the threads not running an abandoned job stay `threads` as many (never more),
/// and once the abandoned job ends (``abandonedJobEnded()``) one thread too many exits.
final class JobQueue: Sendable {
    typealias Job = @Sendable () -> Void
    /// A job whose last step resumes a task waiting for it; it calls the closure it is given
    /// right before that step.
    typealias ResumingJob = @Sendable (_ willResume: () -> Void) -> Void

    private enum Entry {
        case plain(Job)
        case resuming(ResumingJob)
    }

    private struct State: ~Copyable {
        var jobs: [Entry] = []
        var head = 0
        var isStopping = false
        /// Threads blocked (or about to block) on `wakeup` that no submitter has claimed yet.
        var sleeping = 0
        /// The thread that will look at the queue next without being woken — watching it, or
        /// finishing a job that resumed a task (its `pthread_self()`; 0: none). One at most.
        var watcher: UInt = 0

        /// Threads started and not exited.
        var threads = 0
        /// Threads running a job its caller abandoned.
        var abandoned = 0
        /// Threads that are one too many since an abandoned job ended: the next ones to look
        /// at the queue exit.
        var retiring = 0
        /// Threads started so far, to name the next.
        var started = 0

        /// Jobs a watcher will take: one if there is a watcher.
        var watching: Int { watcher == 0 ? 0 : 1 }

        var queued: Int { jobs.count - head }

        mutating func takeJob() -> Entry? {
            guard head < jobs.count else { return nil }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            return job
        }
    }

    /// What a thread does next.
    private enum Step {
        case run(Entry)
        case watch
        case sleep
        case exit
        /// Exit without being counted by ``stop(threads:)``: a thread too many.
        case retire
    }

    private let state = Mutex(State())
    /// Jobs queued and not yet taken, readable without the lock while watching.
    private let pending = Atomic<Int>(0)
    /// Signalled once for each sleeping thread a submitter (or the stop) claimed.
    private let wakeup = DispatchSemaphore(value: 0)
    /// Signalled by each thread as it exits.
    private let exited = DispatchSemaphore(value: 0)
    /// How long a thread watches for the next job before it sleeps.
    static let watchDuration = Duration.microseconds(30)
    /// Times the queue empties after a watch that found nothing before the thread watches again.
    static let skipsAfterFailedWatch = 16
    /// Whether more than one thread drains the queue: only then can a job wake a thread while
    /// another is finishing.
    private let isShared: Bool
    /// The threads the queue keeps free of abandoned jobs.
    private let target: Int
    private let name: String
    private let stackSize: Int

    /// Starts `threads` threads (at least one) that drain the queue until it stops, named
    /// `name` when there is one, else `name-0`, `name-1`, …; `stackSize` in bytes.
    init(threads: Int, name: String, stackSize: Int) {
        target = max(1, threads)
        isShared = target > 1
        self.name = name
        self.stackSize = stackSize
        for _ in 0..<target { startThread() }
    }

    /// Threads started and not retired (``abandonedJobEnded()``).
    var threadCount: Int { state.withLock { $0.threads } }

    /// Whether the caller is one of the queue's threads.
    var isCurrent: Bool {
        pthread_getspecific(Self.queueOfThread) == UnsafeMutableRawPointer(Unmanaged.passUnretained(self).toOpaque())
    }

    /// Each thread's queue (unretained): the thread sets it before it runs any job.
    private static let queueOfThread: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    private func startThread() {
        let number = state.withLock { state in
            defer { state.started += 1; state.threads += 1 }
            return state.started
        }
        let thread = Thread { [self] in
            pthread_setspecific(Self.queueOfThread, Unmanaged.passUnretained(self).toOpaque())
            runLoop()
        }
        thread.name = isShared ? "\(name)-\(number)" : name
        thread.stackSize = stackSize
        thread.start()
    }

    /// The caller of the job running on one of the threads stopped waiting for it: unless the
    /// queue is stopping, another thread starts when fewer than the queue's count are left.
    func abandonRunningJob() {
        let replace = state.withLock { state -> Bool in
            state.abandoned += 1
            return !state.isStopping && state.threads - state.abandoned < target
        }
        if replace { startThread() }
    }

    /// A job ``abandonRunningJob()`` was told of has ended: a thread too many then exits.
    func abandonedJobEnded() {
        state.withLock { state in
            state.abandoned -= 1
            if state.threads - state.retiring - state.abandoned > target { state.retiring += 1 }
        }
    }

    /// Queues `job`; returns false (and drops it) once the queue is stopping.
    func submit(_ job: @escaping Job) -> Bool {
        submit(.plain(job))
    }

    /// Queues `job`, which resumes a waiting task as its last step; returns false (and drops
    /// it) once the queue is stopping.
    func submitResuming(_ job: @escaping ResumingJob) -> Bool {
        submit(.resuming(job))
    }

    private func submit(_ entry: Entry) -> Bool {
        let (accepted, wake) = state.withLock { state -> (Bool, Bool) in
            guard !state.isStopping else { return (false, false) }
            state.jobs.append(entry)
            pending.add(1, ordering: .releasing)
            guard state.sleeping > 0, state.queued > state.watching else { return (true, false) }
            state.sleeping -= 1
            return (true, true)
        }
        if wake { wakeup.signal() }
        return accepted
    }

    /// Refuses new jobs from now on and wakes every sleeping thread; each exits once the
    /// queue is empty. Returns once all threads have exited; a second call returns at once.
    func stop() async {
        let (first, sleepers, threads) = state.withLock { state -> (Bool, Int, Int) in
            guard !state.isStopping else { return (false, 0, 0) }
            state.isStopping = true
            defer { state.sleeping = 0 }
            return (true, state.sleeping, state.threads)
        }
        for _ in 0..<sleepers { wakeup.signal() }
        guard first else { return }
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            // Waiting blocks: not on Swift's pool.
            DispatchQueue.global().async { [exited] in
                for _ in 0..<threads { exited.wait() }
                continuation.resume()
            }
        }
    }

    /// A thread's life: runs jobs until the queue stops and is empty.
    private func runLoop() {
        let me = ConnectionThread.currentThreadID
        // Times left to skip watching after a watch that found nothing (this thread's own count).
        var skips = 0
        // After a job: watch if the queue is empty, unless skipping — which counts one skip.
        func afterJob() -> Step {
            let step = next(me, mayWatch: skips == 0)
            if case .sleep = step, skips > 0 { skips -= 1 }
            return step
        }
        var step = next(me, mayWatch: true)
        while true {
            switch step {
            case .run(.plain(let job)):
                job()
                step = afterJob()
            case .run(.resuming(let job)):
                job { willResume(me) }
                step = afterJob()
            case .watch:
                skips = watchForJob() ? 0 : Self.skipsAfterFailedWatch
                step = next(me, mayWatch: false)
            case .sleep:
                wakeup.wait()
                step = next(me, mayWatch: false)
            case .exit:
                exited.signal()
                return
            case .retire:
                return
            }
        }
    }

    /// The thread `me` is about to resume a task: it looks at the queue right after, so a job
    /// the task sends meanwhile need not wake another thread.
    private func willResume(_ me: UInt) {
        guard isShared else { return }
        state.withLock { state in
            if state.watcher == 0 { state.watcher = me }
        }
    }

    /// What the thread `me` does next, having finished a job, a watch or a sleep. `mayWatch`:
    /// whether it may watch if the queue is empty.
    private func next(_ me: UInt, mayWatch: Bool) -> Step {
        state.withLock { state in
            if state.watcher == me { state.watcher = 0 }
            if let entry = state.takeJob() {
                pending.subtract(1, ordering: .relaxed)
                return .run(entry)
            }
            // Only with the queue empty: a job this thread was counted on to take is taken.
            if state.retiring > 0, !state.isStopping {
                state.retiring -= 1
                state.threads -= 1
                return .retire
            }
            if state.isStopping { return .exit }
            if mayWatch && state.watcher == 0 {
                state.watcher = me
                return .watch
            }
            state.sleeping += 1
            return .sleep
        }
    }

    /// True when a job was queued within ``watchDuration``.
    private func watchForJob() -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + Self.watchDuration
        repeat {
            for _ in 0..<256 where pending.load(ordering: .acquiring) > 0 { return true }
        } while clock.now < deadline
        return false
    }
}
