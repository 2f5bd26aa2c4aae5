import Dispatch
import Switchyard
#if canImport(Glibc)
import Glibc
#endif

/// The statement in flight on one connection, and how to stop it from elsewhere:
/// task cancellation, a timeout, or a result abandoned part-way.
///
/// Stopping a statement that the server is running means `PQcancel`, a blocking
/// request on a second socket. It runs on a Dispatch thread (never the cooperative
/// pool), and the connection thread waits for it to finish before sending the next
/// statement: a cancel request that arrived late would otherwise stop that one.
/// A statement not yet sent is stopped before sending, without a request.
///
/// A server that stops answering (frozen, or its network path lost) answers neither the
/// statement nor the cancel request. So a statement still on the server ``giveUpDelay`` after
/// its timeout fired is given up: the connection's socket is shut down, which ends every wait
/// on it at once, and the connection is lost (the pool replaces it); the cancel request is
/// left to finish on its own thread whenever it does.
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
        /// When the current operation, timed out on the server, is given up (``giveUpDelay``).
        var giveUpTimer: DeadlineTimer.Token?
        /// The socket was shut down: a pending cancel request may never finish, so nobody waits for it.
        var gaveUp = false
        /// ``close()`` came while a cancel request was pending after a give-up: the last one frees the handle.
        var freeHandleAfterCancels = false
    }

    /// How long a statement may stay on the server after its timeout fired and its cancel
    /// request was sent, before the connection is given up as unanswering.
    static let giveUpDelay: Duration = .seconds(2)

    private let state = Locked(State())
    private let cancelHandle: PostgresCancelHandle
    private let cancelsInFlight = DispatchGroup()
    /// The connection's socket, shut down to give up on a server that does not answer.
    private let socket: Int32

    init(cancelHandle: PostgresCancelHandle, socket: Int32) {
        self.cancelHandle = cancelHandle
        self.socket = socket
    }

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
        let (id, previous, previousGiveUp) = state.withLock { state -> (UInt64, DeadlineTimer.Token?, DeadlineTimer.Token?) in
            state.lastID += 1
            state.current = state.lastID
            state.interruption = nil
            state.isOnServer = false
            defer {
                state.timer = nil
                state.giveUpTimer = nil
            }
            return (state.lastID, state.timer, state.giveUpTimer)
        }
        if let previous { DeadlineTimer.shared.cancel(previous) }
        if let previousGiveUp { DeadlineTimer.shared.cancel(previousGiveUp) }
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
        if sendCancel { sendCancelRequest(for: id) }
    }

    /// A timed-out statement still on the server ``giveUpDelay`` from now is given up. Not on
    /// the timer's thread: its actions may not schedule.
    private func scheduleGiveUp(_ id: UInt64) {
        let timer = DeadlineTimer.shared.schedule(at: .now + Self.giveUpDelay) { [self] in giveUp(id) }
        let stale = state.withLock { state -> DeadlineTimer.Token? in
            guard state.current == id else { return timer }
            state.giveUpTimer = timer
            return nil
        }
        if let stale { DeadlineTimer.shared.cancel(stale) }
    }

    /// On the timer's thread: shuts the socket down if `id` is still on the server, so that
    /// whoever waits on it (the poller, a blocking read) sees the connection end.
    private func giveUp(_ id: UInt64) {
        state.withLock { state in
            // Under the lock, which `close()` takes before the handle (and its socket) is closed.
            guard state.current == id, state.isOnServer, !state.isClosed, !state.gaveUp else { return }
            state.gaveUp = true
            _ = shutdown(socket, Int32(SHUT_RDWR))
        }
    }

    /// Whether the connection was given up on (``giveUpDelay``): its socket is shut down.
    var hasGivenUp: Bool { state.withLock { $0.gaveUp } }

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
        if cancelNow { sendCancelRequest(for: id) }
    }

    /// Under the state's lock: a cancel request is about to be sent.
    private func enterCancel(_ state: inout State) {
        state.cancelsPending += 1
        cancelsInFlight.enter()
    }

    /// `PQcancel` (blocking) on a Dispatch thread; the caller entered ``cancelsInFlight``. A
    /// timed-out operation is also given up later if the server does not answer.
    private func sendCancelRequest(for id: UInt64) {
        DispatchQueue.global().async { [self] in
            if case .timeout? = interruption(of: id) { scheduleGiveUp(id) }
            cancelHandle.cancel()
            // Finished once PQcancel returned: counted down first, so a holder that sees none
            // pending needs no wait.
            let freesHandle = state.withLock { state -> Bool in
                state.cancelsPending -= 1
                return state.cancelsPending == 0 && state.freeHandleAfterCancels
            }
            cancelsInFlight.leave()
            if freesHandle { cancelHandle.free() }
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
        let (timer, giveUpTimer, waitsForCancels) = state.withLock { state -> (DeadlineTimer.Token?, DeadlineTimer.Token?, Bool) in
            // Given up: the cancel request may never finish, and the connection is not used again.
            let waits = state.cancelsPending > 0 && !state.gaveUp
            guard state.current == id else { return (nil, nil, waits) }
            state.current = 0
            state.isOnServer = false
            defer {
                state.timer = nil
                state.giveUpTimer = nil
            }
            return (state.timer, state.giveUpTimer, waits)
        }
        // Outside the lock: a timer firing now holds the timer's lock and waits for this one.
        if let timer { DeadlineTimer.shared.cancel(timer) }
        if let giveUpTimer { DeadlineTimer.shared.cancel(giveUpTimer) }
        // None pending, nearly always: then no wait.
        if waitsForCancels { cancelsInFlight.wait() }
    }

    /// On the connection thread, before the handle is closed: no further requests, and
    /// the `PGcancel` is freed once those in flight have finished.
    func close() {
        let freesNow = state.withLock { state -> Bool in
            state.isClosed = true
            // After a give-up a cancel request may hang on the unanswering server: the last
            // to finish frees the handle, and the connection thread does not wait for it.
            guard state.gaveUp, state.cancelsPending > 0 else { return true }
            state.freeHandleAfterCancels = true
            return false
        }
        guard freesNow else { return }
        cancelsInFlight.wait()
        cancelHandle.free()
    }
}
