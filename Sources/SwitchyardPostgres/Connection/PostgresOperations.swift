import Dispatch
import Switchyard

/// The statement in flight on one connection, and how to stop it from elsewhere:
/// task cancellation, a timeout, or a result abandoned part-way.
///
/// Stopping a statement that the server is running means `PQcancel`, a blocking
/// request on a second socket. It runs on a Dispatch thread (never the cooperative
/// pool), and the connection thread waits for it to finish before sending the next
/// statement: a cancel request that arrived late would otherwise stop that one.
/// A statement not yet sent is stopped before sending, without a request.
final class PostgresOperations: Sendable {
    private struct State: Sendable {
        var current: UInt64 = 0
        var lastID: UInt64 = 0
        var interruption: PostgresInterruption?
        var isOnServer = false
        var isClosed = false
        /// The current operation's timeout on the process's ``DeadlineTimer``.
        var timer: DeadlineTimer.Token?
        /// Cancel requests sent and not yet finished (each entered ``cancelsInFlight``).
        var cancelsPending = 0
    }

    private let state = Locked(State())
    private let cancelHandle: PostgresCancelHandle
    private let cancelsInFlight = DispatchGroup()

    init(cancelHandle: PostgresCancelHandle) { self.cancelHandle = cancelHandle }

    /// Starts an operation interrupted at the earlier of the request's deadline and its timeout
    /// from now (``QueryOptions/stopInstant()``), when it has either. Not inlined: the
    /// instant it computes is a resilient type, which in the calling async function's frame is
    /// room taken from the task allocator on every statement.
    @inline(never)
    func begin(_ options: QueryOptions) -> UInt64 {
        begin(stopAt: options.stopInstant(), limit: options.timeout)
    }

    /// Starts an operation; a `stopAt` interrupts it then, as having run longer than `limit` (on
    /// the process's ``DeadlineTimer``: no timer of its own, and nothing left to fire once it has ended).
    func begin(stopAt: ContinuousClock.Instant?, limit: Duration?) -> UInt64 {
        let (id, previous) = state.withLock { state -> (UInt64, DeadlineTimer.Token?) in
            state.lastID += 1
            state.current = state.lastID
            state.interruption = nil
            state.isOnServer = false
            defer { state.timer = nil }
            return (state.lastID, state.timer)
        }
        if let previous { DeadlineTimer.shared.cancel(previous) }
        if let stopAt {
            let limit = limit ?? max(.zero, stopAt - .now)
            let timer = DeadlineTimer.shared.schedule(at: stopAt) { [self] in
                interrupt(id, because: .timeout(limit))
            }
            let stale = state.withLock { state -> DeadlineTimer.Token? in
                guard state.current == id else { return timer }
                state.timer = timer
                return nil
            }
            if let stale { DeadlineTimer.shared.cancel(stale) }
        }
        return id
    }

    /// Why operation `id` was interrupted, if it was.
    func interruption(of id: UInt64) -> PostgresInterruption? {
        state.withLock { $0.current == id ? $0.interruption : nil }
    }

    /// From any thread, without blocking: marks `id` interrupted and, when the server
    /// is running it, sends a cancel request. Does nothing once `id` has ended.
    func interrupt(_ id: UInt64, because reason: PostgresInterruption) {
        let sendCancel = state.withLock { state -> Bool in
            guard state.current == id, state.interruption == nil, !state.isClosed else { return false }
            state.interruption = reason
            if state.isOnServer { enterCancel(&state) }
            return state.isOnServer
        }
        if sendCancel { sendCancelRequest() }
    }

    /// By the connection's holder, right after the statement was sent: from now on an
    /// interruption cancels on the server. One that came in between is acted on now, on a
    /// Dispatch thread (the holder may be a task on the cooperative pool); ``end(_:)`` waits for it.
    func sent(_ id: UInt64) {
        let cancelNow = state.withLock { state -> Bool in
            guard state.current == id else { return false }
            state.isOnServer = true
            guard state.interruption != nil else { return false }
            enterCancel(&state)
            return true
        }
        if cancelNow { sendCancelRequest() }
    }

    /// Under the state's lock: a cancel request is about to be sent.
    private func enterCancel(_ state: inout State) {
        state.cancelsPending += 1
        cancelsInFlight.enter()
    }

    /// `PQcancel` (blocking) on a Dispatch thread; the caller entered ``cancelsInFlight``.
    private func sendCancelRequest() {
        DispatchQueue.global().async { [self] in
            cancelHandle.cancel()
            // Finished once PQcancel returned: counted down first, so a holder that sees none
            // pending needs no wait.
            state.withLock { $0.cancelsPending -= 1 }
            cancelsInFlight.leave()
        }
    }

    /// On the connection thread: asks the server to stop `id` now and waits for the
    /// request to be processed (used to abandon a long result).
    func cancelOnServer(_ id: UInt64) {
        guard state.withLock({ $0.current == id && $0.isOnServer }) else { return }
        cancelHandle.cancel()
    }

    /// On the connection thread (or by a direct start's holder when nothing interrupted
    /// it), when the operation is over: later interruptions of `id` do nothing, and cancel
    /// requests already sent have finished.
    func end(_ id: UInt64) {
        let (timer, cancelsPending) = state.withLock { state -> (DeadlineTimer.Token?, Bool) in
            guard state.current == id else { return (nil, state.cancelsPending > 0) }
            state.current = 0
            state.isOnServer = false
            defer { state.timer = nil }
            return (state.timer, state.cancelsPending > 0)
        }
        // Outside the lock: a timer firing now holds the timer's lock and waits for this one.
        if let timer { DeadlineTimer.shared.cancel(timer) }
        // None pending, nearly always: then no wait.
        if cancelsPending { cancelsInFlight.wait() }
    }

    /// On the connection thread, before the handle is closed: no further requests, and
    /// the `PGcancel` is freed once those in flight have finished.
    func close() {
        state.withLock { $0.isClosed = true }
        cancelsInFlight.wait()
        cancelHandle.free()
    }
}
