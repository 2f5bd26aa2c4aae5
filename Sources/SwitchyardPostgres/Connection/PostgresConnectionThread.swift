import Dispatch
import Foundation
import Switchyard
import Synchronization

/// One dedicated OS thread with a job queue: every libpq call of one connection runs
/// here, in submission order.
///
/// libpq's calls block on the network (`PQgetResult` waits for the server). Running
/// them on Swift's cooperative pool — two threads on the machines this runs on —
/// would stall every other task, so each connection gets a thread of its own and
/// callers await a continuation instead (as the SQLite adapter does).
///
/// Waking a sleeping thread is a good part of a small query's cost, so after a job the
/// thread watches its queue for a few microseconds before it sleeps: a caller issuing
/// statements back to back (point lookups, inserts in a transaction) usually sends
/// the next one within that window and finds the thread awake. While the query is on
/// the server the thread blocks in libpq, so the watching never competes with the
/// server for a core.
///
/// The thread is also a `TaskExecutor`. A task that prefers it (the body of a session or
/// a transaction, see ``PostgresBackend/withSession(_:)``) runs its Swift code here, and
/// then ``run(_:)`` calls libpq directly: a statement costs the round trip to the server
/// and no thread switch, as in a C program.
final class PostgresConnectionThread: TaskExecutor, Sendable {
    typealias Job = @Sendable () -> Void

    /// How long the thread watches for the next job before sleeping.
    static let watchDuration = Duration.microseconds(30)
    /// Jobs after a watch that found nothing before the thread watches again: a caller
    /// that pauses longer (the orchestrator's pipeline, or eight connections sharing two
    /// cores) would otherwise pay a window of spinning per statement for nothing, and the
    /// spinning takes the core the caller and the server need (measured in `Benchmarks/`:
    /// eight tasks did 0.25–0.28 of raw libpq's lookups with a watch after every job).
    static let jobsBetweenFailedWatches = 16

    private struct Queue: Sendable {
        var jobs: [Job] = []
        var head = 0
        var isStopping = false
        /// The thread is (about to be) blocked on `wakeup`: the next submitter signals it.
        var isSleeping = false
    }

    private final class Shared: Sendable {
        let queue = Locked(Queue())
        /// Jobs queued and not yet taken, readable without the lock while watching.
        let pending = Atomic<Int>(0)
        /// Jobs left to run before watching again after a fruitless watch (only the thread touches it).
        let jobsBeforeWatching = Atomic<Int>(0)
        let wakeup = DispatchSemaphore(value: 0)
        let exited = DispatchSemaphore(value: 0)
        /// The thread's `pthread_self()`, set by the thread before it runs any job.
        let threadID = Atomic<UInt>(0)
    }

    private let shared = Shared()

    init(name: String) {
        let thread = Thread { [shared] in
            shared.threadID.store(UInt(bitPattern: Int(bitPattern: pthread_self())), ordering: .releasing)
            Self.runLoop(shared)
            shared.exited.signal()
        }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    private static func runLoop(_ shared: Shared) {
        while true {
            if let job = take(shared) {
                job()
                continue
            }
            if shared.queue.withLock({ $0.isStopping }) { return }
            if watchForJob(shared) { continue }
            let sleeps = shared.queue.withLock { state -> Bool in
                guard state.head == state.jobs.count, !state.isStopping else { return false }
                state.isSleeping = true
                return true
            }
            if sleeps { shared.wakeup.wait() }
        }
    }

    private static func take(_ shared: Shared) -> Job? {
        let job: Job? = shared.queue.withLock { state in
            guard state.head < state.jobs.count else { return nil }
            let job = state.jobs[state.head]
            state.head += 1
            if state.head == state.jobs.count {
                state.jobs.removeAll(keepingCapacity: true)
                state.head = 0
            }
            return job
        }
        if job != nil { shared.pending.subtract(1, ordering: .relaxed) }
        return job
    }

    /// True when a job arrived within ``watchDuration``.
    private static func watchForJob(_ shared: Shared) -> Bool {
        let skips = shared.jobsBeforeWatching.load(ordering: .relaxed)
        if skips > 0 {
            shared.jobsBeforeWatching.store(skips - 1, ordering: .relaxed)
            return false
        }
        let clock = ContinuousClock()
        let deadline = clock.now + watchDuration
        repeat {
            for _ in 0..<256 where shared.pending.load(ordering: .acquiring) > 0 { return true }
        } while clock.now < deadline
        shared.jobsBeforeWatching.store(jobsBetweenFailedWatches, ordering: .relaxed)
        return false
    }

    /// Queues `job`; returns false (and drops it) once the thread is stopping.
    @discardableResult
    func submit(_ job: @escaping Job) -> Bool {
        let (accepted, wake) = shared.queue.withLock { state -> (Bool, Bool) in
            guard !state.isStopping else { return (false, false) }
            state.jobs.append(job)
            defer { state.isSleeping = false }
            return (true, state.isSleeping)
        }
        if accepted { shared.pending.add(1, ordering: .releasing) }
        if wake { shared.wakeup.signal() }
        return accepted
    }

    /// Whether the caller is running on this thread.
    var isCurrent: Bool {
        shared.threadID.load(ordering: .acquiring) == UInt(bitPattern: Int(bitPattern: pthread_self()))
    }

    /// Runs `body` on the thread and returns its result: directly when the caller is
    /// already on it, otherwise as a queued job the caller awaits.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        if isCurrent { return try body() }
        return try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<T, any Error>) in
            let accepted = submit { continuation.resume(with: Result(catching: body)) }
            if !accepted {
                continuation.resume(throwing: SwitchyardError(.connection, "backend is shut down"))
            }
        }
    }

    /// Runs a task's job here (the `TaskExecutor` requirement).
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        if !submit({ job.runSynchronously(on: executor) }) {
            // Stopped: a task must still run somewhere, and it will find the connection closed.
            DispatchQueue.global().async { job.runSynchronously(on: executor) }
        }
    }

    /// Lets queued jobs finish, then ends the thread; returns once it has exited.
    func stop() async {
        let (first, wake) = shared.queue.withLock { state -> (Bool, Bool) in
            guard !state.isStopping else { return (false, false) }
            state.isStopping = true
            defer { state.isSleeping = false }
            return (true, state.isSleeping)
        }
        guard first else { return }
        if wake { shared.wakeup.signal() }
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            DispatchQueue.global().async { [shared] in
                shared.exited.wait()
                continuation.resume()
            }
        }
    }
}
