/// The bookkeeping of a ``ConnectionPool``: who holds what, who waits, what is being
/// opened or closed.
///
/// Every transition is a mutating method that returns the side effects to perform
/// (resume a waiter, open or close a connection) instead of performing them, in the
/// manner of postgres-nio's state machines: the pool applies a transition under its
/// lock and acts on the result outside it, so no continuation is resumed and no
/// connection is opened while the lock is held.
struct ConnectionPoolState: Sendable {
    /// Not generic over the pool's connection type: generic, every acquire and release looked
    /// up the state's, its actions' and its arrays' metadata for that type at run time (the
    /// pool's code is not specialised for the adapter's type outside the core), ≈ 8,000
    /// instructions per statement on PostgreSQL. ``ConnectionPool`` casts leases back.
    typealias Connection = any PoolableConnection
    typealias Lease = (connection: Connection, needsValidation: Bool)
    typealias Continuation = CheckedContinuation<Lease, any Error>

    struct Waiter: Sendable {
        let id: UInt64
        let continuation: Continuation
        /// Fails the waiter when its acquire timeout passes; cancelled once it is served.
        var timer: Task<Void, Never>?
    }

    /// What a transition asks the pool to do, in order.
    enum Action: Sendable {
        case resume(Waiter, Lease)
        case fail(Waiter, any Error)
        /// Open one connection (``connecting`` already counts it).
        case connect
        /// Close these connections (``closing`` already counts them).
        case close([Connection])
        /// Shutdown has finished: resume whoever waits for it.
        case finishShutdown([CheckedContinuation<Void, Never>])
    }

    /// What ``acquire(id:continuation:now:validationInterval:)`` decided for the caller.
    enum AcquireOutcome: Sendable {
        case lease(Lease)
        case fail(any Error)
        /// Queued; `connect` says whether to open a connection for it.
        case queued(connect: Bool)
    }

    private struct IdleConnection: Sendable {
        let connection: Connection
        let since: ContinuousClock.Instant
    }

    let minimum: Int
    let maximum: Int
    private var idle: [IdleConnection] = []
    private(set) var leased = 0
    private(set) var connecting = 0
    private(set) var closing = 0
    private var waiters: [Waiter] = []
    /// Callers whose task was cancelled before they were queued.
    private var cancelledIDs: Set<UInt64> = []
    private var isShuttingDown = false
    private var shutdownWaiters: [CheckedContinuation<Void, Never>] = []
    private var hasFinishedShutdown = false
    private var opened = 0
    private var closed = 0

    init(minimum: Int, maximum: Int) {
        self.minimum = minimum
        self.maximum = maximum
    }

    private var open: Int { idle.count + leased }
    private var hasCapacity: Bool { open + connecting < maximum }

    var statistics: ConnectionPoolStatistics {
        ConnectionPoolStatistics(
            open: open, idle: idle.count, leased: leased, connecting: connecting, closing: closing, waiting: waiters.count,
            opened: opened, closed: closed)
    }

    var isShutDown: Bool { isShuttingDown }

    // MARK: Acquiring

    /// A caller wants a connection: the most recently used idle one (so that few
    /// connections stay warm and the rest can age out), or a place in the queue.
    mutating func acquire(
        id: UInt64, continuation: Continuation, now: ContinuousClock.Instant,
        validationInterval: Duration, shutDownError: any Error, cancelledError: any Error
    ) -> AcquireOutcome {
        if cancelledIDs.remove(id) != nil { return .fail(cancelledError) }
        if isShuttingDown { return .fail(shutDownError) }
        if let last = idle.popLast() {
            leased += 1
            return .lease((last.connection, now - last.since > validationInterval))
        }
        waiters.append(Waiter(id: id, continuation: continuation, timer: nil))
        guard hasCapacity else { return .queued(connect: false) }
        connecting += 1
        return .queued(connect: true)
    }

    /// The fast path of acquiring: an idle connection when nobody is queued ahead, else `nil`.
    mutating func takeIdle(now: ContinuousClock.Instant, validationInterval: Duration) -> Lease? {
        guard !isShuttingDown, waiters.isEmpty, let last = idle.popLast() else { return nil }
        leased += 1
        return (last.connection, now - last.since > validationInterval)
    }

    /// Gives a queued caller its timeout timer; false when it has been served already.
    mutating func attachTimer(_ timer: Task<Void, Never>, toWaiter id: UInt64) -> Bool {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return false }
        waiters[index].timer = timer
        return true
    }

    /// The caller's task was cancelled: removes it from the queue (the pool fails it),
    /// or remembers the id when it is not queued yet.
    mutating func cancelWaiter(id: UInt64) -> Waiter? {
        if let index = waiters.firstIndex(where: { $0.id == id }) {
            return waiters.remove(at: index)
        }
        cancelledIDs.insert(id)
        return nil
    }

    /// The caller's acquire timeout passed: removes it from the queue if it is still there.
    mutating func timeOutWaiter(id: UInt64) -> Waiter? {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return waiters.remove(at: index)
    }

    /// Forgets a cancellation recorded for a caller that has since finished.
    mutating func forgetCancellation(id: UInt64) {
        cancelledIDs.remove(id)
    }

    // MARK: Returning

    /// A leased connection comes back in working order: to the longest waiter, or idle.
    mutating func release(_ connection: Connection, now: ContinuousClock.Instant) -> [Action] {
        leased -= 1
        if isShuttingDown {
            closing += 1
            return [.close([connection])] + finishShutdownIfDone()
        }
        if !waiters.isEmpty {
            leased += 1
            return [.resume(waiters.removeFirst(), (connection, false))]
        }
        idle.append(IdleConnection(connection: connection, since: now))
        return []
    }

    /// A leased connection is broken (or failed validation): close it, and open a
    /// replacement when someone waits or the pool fell below its minimum.
    mutating func discard(_ connection: Connection) -> [Action] {
        leased -= 1
        closing += 1
        return [.close([connection])] + replenish()
    }

    // MARK: Opening and closing

    /// A connection finished opening. `topsUp`: open another when the pool is still below its
    /// minimum — a connect that succeeds after the replacements for broken connections failed
    /// (the server was down) shows the server is back, and nothing else would restore the
    /// minimum before the next broken connection. Not while prewarming, which opens them one by one.
    mutating func connected(_ connection: Connection, topsUp: Bool = false) -> [Action] {
        connecting -= 1
        opened += 1
        if isShuttingDown {
            closing += 1
            return [.close([connection])] + finishShutdownIfDone()
        }
        var actions: [Action] = []
        if !waiters.isEmpty {
            leased += 1
            actions.append(.resume(waiters.removeFirst(), (connection, false)))
        } else {
            idle.append(IdleConnection(connection: connection, since: .now))
        }
        if topsUp { actions += replenish() }
        return actions
    }

    /// Opening a connection failed: the longest waiter gets the error rather than
    /// waiting out its timeout (a server that is down should say so at once).
    mutating func connectFailed(_ error: any Error) -> [Action] {
        connecting -= 1
        if !waiters.isEmpty {
            return [.fail(waiters.removeFirst(), error)] + finishShutdownIfDone()
        }
        return finishShutdownIfDone()
    }

    /// A connection the pool closed is gone.
    mutating func closedOne() -> [Action] {
        closing -= 1
        closed += 1
        return finishShutdownIfDone()
    }

    /// Opens a connection for the waiters, or to get back to the minimum.
    mutating func replenish() -> [Action] {
        guard !isShuttingDown, hasCapacity else { return [] }
        let wanted = waiters.count > connecting || open + connecting < minimum
        guard wanted else { return [] }
        connecting += 1
        return [.connect]
    }

    /// Reserves one connection to open up front (``ConnectionPool/prewarm()``); false
    /// when the pool is at its size or shutting down.
    mutating func reserveForPrewarm() -> Bool {
        guard !isShuttingDown, open + connecting < minimum else { return false }
        connecting += 1
        return true
    }

    // MARK: Shutting down

    /// Refuses new callers, fails waiting ones, closes idle connections; completion
    /// comes when every leased, opening and closing connection is done.
    mutating func shutdown(_ continuation: CheckedContinuation<Void, Never>, error: any Error) -> [Action] {
        shutdownWaiters.append(continuation)
        if hasFinishedShutdown { return finishShutdownIfDone() }
        var actions: [Action] = []
        if !isShuttingDown {
            isShuttingDown = true
            actions += waiters.map { Action.fail($0, error) }
            waiters.removeAll()
            if !idle.isEmpty {
                closing += idle.count
                actions.append(.close(idle.map(\.connection)))
                idle.removeAll()
            }
        }
        return actions + finishShutdownIfDone()
    }

    private mutating func finishShutdownIfDone() -> [Action] {
        guard isShuttingDown, leased == 0, connecting == 0, closing == 0, !shutdownWaiters.isEmpty else { return [] }
        hasFinishedShutdown = true
        defer { shutdownWaiters.removeAll() }
        return [.finishShutdown(shutdownWaiters)]
    }
}
