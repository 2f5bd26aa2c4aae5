import Switchyard
import Synchronization

/// One statement text in flight on a connection, and the one way to stop it early.
///
/// An interrupt (``SQLiteHandle/interrupt()``) stops whatever statement steps next on the
/// connection, so a stale one would hit whoever uses the connection next. So an interrupt is
/// addressed to an operation, reaches the connection only while one of the operation's jobs
/// is running on the connection thread (which also means the handle is open: it is only
/// closed by a job on that same thread, once nothing uses it), and is withdrawn when that job
/// ends. Otherwise the reason is recorded and the operation's next job fails before it steps.
final class SQLiteOperation: Sendable {
    private struct State: ~Copyable {
        var interruption: SQLiteInterruption?
        var isRunning = false
        var hasEnded = false
        var timer: DeadlineTimer.Token?
    }

    private let handle: SQLiteHandle
    private let state = Mutex(State())

    /// Starts an operation without a time limit.
    init(handle: SQLiteHandle) {
        self.handle = handle
    }

    /// Starts an operation; with a `timeout` or `deadline`, interrupts it when the earlier of the
    /// two comes (``QueryOptions/stopInstant()``, on the process's ``DeadlineTimer``: no timer or
    /// thread of its own per statement).
    convenience init(handle: SQLiteHandle, options: QueryOptions) {
        self.init(handle: handle)
        if options.hasTimeLimit { scheduleStop(options) }
    }

    /// Interrupts the operation at `stopAt`, when given, as having run longer than `limit`.
    convenience init(handle: SQLiteHandle, stopAt: ContinuousClock.Instant?, limit: Duration?) {
        self.init(handle: handle)
        if let stopAt { scheduleStop(at: stopAt, limit: limit) }
    }

    /// Not inlined: the instant it computes is a resilient type, which in the calling async
    /// function's frame would be room taken from the task allocator on every statement.
    @inline(never)
    private func scheduleStop(_ options: QueryOptions) {
        guard let stopAt = options.stopInstant() else { return }
        scheduleStop(at: stopAt, limit: options.timeout)
    }

    private func scheduleStop(at stopAt: ContinuousClock.Instant, limit: Duration?) {
        let limit = limit ?? max(.zero, stopAt - .now)
        // Held strongly until ``end()`` takes the deadline back (or it fires): a weak
        // reference would give every operation with a timeout a side table, one more allocation.
        let timer = DeadlineTimer.shared.schedule(at: stopAt) { [self] in
            interrupt(because: .timeout(limit))
        }
        state.withLock { $0.timer = timer }
    }

    /// Stops the operation: interrupts SQLite if one of its jobs is running, and makes
    /// its next job fail otherwise. The first reason given wins.
    func interrupt(because reason: SQLiteInterruption) {
        state.withLock { state in
            guard !state.hasEnded, state.interruption == nil else { return }
            state.interruption = reason
            if state.isRunning { handle.interrupt() }
        }
    }

    /// Marks a job as running; returns why it must not run, if the operation was interrupted.
    func startJob() -> SQLiteInterruption? {
        state.withLock { state in
            state.isRunning = true
            handle.clearStop()
            return state.interruption
        }
    }

    func finishJob() {
        state.withLock { state in
            state.isRunning = false
            handle.clearStop()
        }
    }

    /// Why the operation was interrupted, if it was: turns `SQLITE_INTERRUPT` into the right error.
    var interruption: SQLiteInterruption? {
        state.withLock { $0.interruption }
    }

    /// Ends the operation (its statement is reset) and stops its timer.
    func end() {
        let timer = state.withLock { state -> DeadlineTimer.Token? in
            state.hasEnded = true
            state.isRunning = false
            defer { state.timer = nil }
            return state.timer
        }
        // Outside the lock: a timer firing now holds the timer's lock and waits for this one.
        if let timer { DeadlineTimer.shared.cancel(timer) }
    }
}
