/// A pool of connections of any kind, shared by concurrent tasks: the generic part of
/// every networked adapter (PostgreSQL today), kept apart from any C library as
/// postgres-nio keeps its own pool in a module of its own.
///
/// - Opens connections on demand up to ``ConnectionPoolConfiguration/maximumConnections``
///   and keeps ``ConnectionPoolConfiguration/minimumConnections`` open.
/// - Callers wait in arrival order (FIFO) while all connections are leased; a waiting
///   caller whose task is cancelled leaves the queue with `.cancelled`, and one that
///   waits past ``ConnectionPoolConfiguration/acquireTimeout`` gets `.busy`.
/// - Never hands out a connection that is not ``PoolableConnection/isUsable``, and
///   validates one that idled too long; broken connections are closed and replaced,
///   so a server restart costs the pool its old connections, not its life.
/// - ``shutdown()`` refuses new callers and waits for leased connections to come back.
///
/// ```swift
/// let pool = ConnectionPool(configuration: ConnectionPoolConfiguration(name: "main")) {
///     try await MyConnection.open(url)
/// }
/// let rows = try await pool.withConnection { connection in try await connection.run(query) }
/// ```
public final class ConnectionPool<Connection: PoolableConnection>: Sendable {
    /// The sizes and timeouts the pool was created with, clamped to valid ranges.
    public let configuration: ConnectionPoolConfiguration
    private let connect: @Sendable () async throws -> Connection
    private let state: Locked<ConnectionPoolState>
    private let nextWaiterID = Locked<UInt64>(0)

    /// - Parameters:
    ///   - configuration: the pool's sizes and timeouts.
    ///   - connect: opens one connection; its errors reach the caller that waited for it.
    public init(configuration: ConnectionPoolConfiguration, connect: @escaping @Sendable () async throws -> Connection) {
        self.configuration = configuration
        self.connect = connect
        self.state = Locked(
            ConnectionPoolState(minimum: configuration.minimumConnections, maximum: configuration.maximumConnections))
    }

    /// Opens the minimum number of connections now, so that a wrong address or
    /// password shows when the pool is created rather than at the first query.
    /// Throws the first error; connections already opened stay in the pool.
    public func prewarm() async throws {
        while state.withLock({ $0.reserveForPrewarm() }) {
            let connection: Connection
            do {
                connection = try await connect()
            } catch {
                perform(state.withLock { $0.connectFailed(error) })
                throw error
            }
            perform(state.withLock { $0.connected(connection) })
        }
    }

    /// A connection for the caller's exclusive use; give it back with ``release(_:)``.
    ///
    /// - Parameter options: the request's; waiting ends at its ``QueryOptions/deadline`` with a
    ///   `.timeout` error naming its ``QueryOptions/timeout``.
    /// - Throws: `.busy` after the acquire timeout, `.timeout` at the request's deadline,
    ///   `.cancelled` when the task is cancelled while waiting, `.connection` after ``shutdown()``
    ///   or when opening a new connection failed (with the connect error).
    nonisolated(nonsending) public func acquire(for options: QueryOptions = QueryOptions()) async throws -> Connection {
        while true {
            let (leased, needsValidation) = try await lease(for: options)
            // Only `Connection`s are ever put in the pool.
            let connection = unsafeDowncast(leased, to: Connection.self)
            guard connection.isUsable else {
                perform(state.withLock { $0.discard(connection) })
                continue
            }
            if needsValidation, await !connection.validate() {
                perform(state.withLock { $0.discard(connection) })
                continue
            }
            return connection
        }
    }

    /// Gives a connection back. A connection that is no longer usable is closed (and
    /// replaced if anyone waits); a working one goes to the longest waiter or idles.
    public func release(_ connection: Connection) {
        if connection.isUsable {
            perform(state.withLock { $0.release(connection, now: .now) })
        } else {
            perform(state.withLock { $0.discard(connection) })
        }
    }

    /// Runs `body` with a connection and gives it back afterwards, whatever happens.
    public func withConnection<T: Sendable>(_ body: (Connection) async throws -> T) async throws -> T {
        let connection = try await acquire()
        do {
            let result = try await body(connection)
            release(connection)
            return result
        } catch {
            release(connection)
            throw error
        }
    }

    /// Refuses further callers, fails the waiting ones, and returns once every
    /// connection has come back and been closed. Safe to call more than once.
    public func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            perform(state.withLock { $0.shutdown(continuation, error: shutDownError) })
        }
    }

    /// Whether ``shutdown()`` has been called.
    public var isShutDown: Bool { state.withLock { $0.isShutDown } }

    /// Counts of open, idle, leased, waiting… connections, right now.
    public var statistics: ConnectionPoolStatistics { state.withLock { $0.statistics } }

    // MARK: Waiting

    nonisolated(nonsending) private func lease(for options: QueryOptions) async throws -> ConnectionPoolState.Lease {
        // Most acquisitions find an idle connection: take it without suspending.
        if !Task.isCancelled, let lease = takeIdle() { return lease }
        return try await waitForLease(for: options)
    }

    /// An idle connection, if there is one. Synchronous and apart from `lease`, whose frame
    /// would otherwise make room for the clock reading (a resilient type, taken from the task
    /// allocator) and for the waiting path's continuation on every acquisition.
    @inline(never)
    private func takeIdle() -> ConnectionPoolState.Lease? {
        let interval = configuration.validationInterval
        return state.withLock { $0.takeIdle(now: .now, validationInterval: interval) }
    }

    /// Waits in line for a connection: the pool has none idle. The wait ends after the pool's
    /// acquire timeout or at the request's deadline, whichever comes first. Not inlined into
    /// `lease`, whose frame would otherwise make room for the deadline on every call.
    @inline(never)
    nonisolated(nonsending) private func waitForLease(for options: QueryOptions) async throws -> ConnectionPoolState.Lease {
        let id = nextWaiterID.withLock { next -> UInt64 in
            next += 1
            return next
        }
        defer { state.withLock { $0.forgetCancellation(id: id) } }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: ConnectionPoolState.Continuation) in
                let outcome = state.withLock {
                    $0.acquire(
                        id: id, continuation: continuation, now: .now, validationInterval: configuration.validationInterval,
                        shutDownError: shutDownError, cancelledError: cancelledError)
                }
                switch outcome {
                case .lease(let lease):
                    continuation.resume(returning: lease)
                case .fail(let error):
                    continuation.resume(throwing: error)
                case .queued(let connect):
                    let now = ContinuousClock.now
                    let end = now.advanced(by: configuration.acquireTimeout)
                    // The request's deadline, when it comes first, ends the wait as a timeout.
                    let wake = min(options.deadline ?? end, end)
                    let requestLimit = wake < end ? options.timeout ?? (wake - now) : nil
                    let timer = Task { [weak self] in
                        guard (try? await Task.sleep(until: wake, clock: .continuous)) != nil else { return }
                        self?.timeOut(id, requestLimit: requestLimit)
                    }
                    if !state.withLock({ $0.attachTimer(timer, toWaiter: id) }) { timer.cancel() }
                    if connect { startConnecting() }
                }
            }
        } onCancel: {
            guard let waiter = state.withLock({ $0.cancelWaiter(id: id) }) else { return }
            waiter.timer?.cancel()
            waiter.continuation.resume(throwing: cancelledError)
        }
    }

    /// Fails waiter `id`: `.timeout` when `requestLimit` says the request's deadline came first;
    /// at the pool's acquire timeout, `.connection` while the connection opened for it has not
    /// finished opening (the pool is not full) and `.busy` otherwise.
    private func timeOut(_ id: UInt64, requestLimit: Duration?) {
        let (waiter, statistics) = state.withLock { ($0.timeOutWaiter(id: id), $0.statistics) }
        guard let waiter else { return }
        let opening = statistics.leased < configuration.maximumConnections && statistics.connecting > 0
        let waited = requestLimit.map { "the request's timeout of \($0)" } ?? "\(configuration.acquireTimeout)"
        let error =
            if opening {
                SwitchyardError(
                    requestLimit == nil ? .connection : .timeout,
                    "no connection within \(waited): opening one has not finished (\(statistics.connecting) being opened, \(statistics.leased) in use)",
                    backend: configuration.name,
                    hint: "is the server up and answering? A server that accepts connections but does not answer holds each attempt until its connect timeout")
            } else {
                SwitchyardError(
                    requestLimit == nil ? .busy : .timeout,
                    "no connection became free within \(waited): all \(statistics.leased) in use, \(statistics.waiting) other task(s) waiting",
                    backend: configuration.name,
                    hint: requestLimit == nil
                        ? "raise the pool's maximum size or acquire timeout, or hold connections for shorter"
                        : "raise the timeout or the pool's maximum size, or hold connections for shorter")
            }
        waiter.continuation.resume(throwing: error)
    }

    // MARK: Acting on transitions

    private func perform(_ actions: [ConnectionPoolState.Action]) {
        for action in actions {
            switch action {
            case .resume(let waiter, let lease):
                waiter.timer?.cancel()
                waiter.continuation.resume(returning: lease)
            case .fail(let waiter, let error):
                waiter.timer?.cancel()
                waiter.continuation.resume(throwing: error)
            case .connect:
                startConnecting()
            case .close(let connections):
                Task {
                    for connection in connections {
                        await connection.close()
                        self.perform(self.state.withLock { $0.closedOne() })
                    }
                }
            case .finishShutdown(let continuations):
                for continuation in continuations { continuation.resume() }
            }
        }
    }

    /// Opens one connection (already counted as connecting) off the caller's path.
    private func startConnecting() {
        Task {
            do {
                let connection = try await connect()
                perform(state.withLock { $0.connected(connection, topsUp: true) })
            } catch {
                perform(state.withLock { $0.connectFailed(error) })
            }
        }
    }

    private var shutDownError: SwitchyardError {
        SwitchyardError(.connection, "backend is shut down", backend: configuration.name)
    }

    private var cancelledError: SwitchyardError {
        SwitchyardError(.cancelled, "cancelled while waiting for a connection", backend: configuration.name)
    }
}
