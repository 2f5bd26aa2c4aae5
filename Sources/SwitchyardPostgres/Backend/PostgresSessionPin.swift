import Switchyard

/// Keeps hold of the connection on which a plain `BEGIN` (sent through `query`, as a
/// REPL user does) left a transaction open, and sends the backend's following
/// queries there until `COMMIT` or `ROLLBACK` ends it.
///
/// Without this, the next query would take another pooled connection and run
/// outside the transaction, and the open transaction would go back into the pool.
/// Queries share the pinned connection one at a time; when the transaction ends the
/// connection returns to the pool and waiting queries go to the pool too. A second
/// plain `BEGIN` on another connection while one is pinned is rolled back when its
/// statement finishes (one session transaction at a time), rather than leaked.
final class PostgresSessionPin: Sendable {
    private struct State: Sendable {
        var pinned: PostgresConnection?
        var isBusy = false
        var waiters: [CheckedContinuation<PostgresConnection?, Never>] = []
        var isClosed = false
    }

    private let pool: ConnectionPool<PostgresConnection>
    private let state = Locked(State())

    init(pool: ConnectionPool<PostgresConnection>) { self.pool = pool }

    /// Where a query's connection comes from.
    private enum Next { case pinned(PostgresConnection), wait, pool }

    /// The pinned connection when there is one (waiting while another query uses it),
    /// otherwise one from the pool. `isPinned` tells which.
    nonisolated(nonsending) func acquire() async throws -> (connection: PostgresConnection, isPinned: Bool) {
        let next = state.withLock { state -> Next in
            guard let pinned = state.pinned else { return .pool }
            if state.isBusy { return .wait }
            state.isBusy = true
            return .pinned(pinned)
        }
        switch next {
        case .pinned(let connection): return (connection, true)
        case .pool: return (try await pool.acquire(), false)
        case .wait: return try await waitForPinned()
        }
    }

    /// Waits for the pinned connection while another query uses it. Apart from `acquire`,
    /// whose frame would otherwise make room for the continuation (a resilient type, taken
    /// from the task allocator) on every query.
    nonisolated(nonsending) private func waitForPinned() async throws -> (connection: PostgresConnection, isPinned: Bool) {
        let handed = await withCheckedContinuation { (continuation: CheckedContinuation<PostgresConnection?, Never>) in
            let now = state.withLock { state -> Next in
                guard let pinned = state.pinned else { return .pool }
                if state.isBusy {
                    state.waiters.append(continuation)
                    return .wait
                }
                state.isBusy = true
                return .pinned(pinned)
            }
            switch now {
            case .pinned(let connection): continuation.resume(returning: connection)
            case .pool: continuation.resume(returning: nil)
            case .wait: break
            }
        }
        if let handed { return (handed, true) }
        return (try await pool.acquire(), false)
    }

    /// Takes a connection back after a query or transaction: keeps it pinned while a
    /// transaction is open on it, otherwise returns it to the pool. Never blocks (it is
    /// called on connection threads).
    func giveBack(_ connection: PostgresConnection) {
        enum Outcome {
            case keep(CheckedContinuation<PostgresConnection?, Never>?)
            case unpin([CheckedContinuation<PostgresConnection?, Never>])
            case pinNew, release, rollBackAndRelease
        }
        let isOpen = connection.isUsable && connection.hasOpenTransaction.value
        let outcome = state.withLock { state -> Outcome in
            if state.pinned === connection {
                if isOpen, !state.isClosed {
                    guard !state.waiters.isEmpty else {
                        state.isBusy = false
                        return .keep(nil)
                    }
                    return .keep(state.waiters.removeFirst())
                }
                state.pinned = nil
                state.isBusy = false
                defer { state.waiters.removeAll() }
                return .unpin(state.waiters)
            }
            guard isOpen else { return .release }
            guard state.pinned == nil, !state.isClosed else { return .rollBackAndRelease }
            state.pinned = connection
            state.isBusy = false
            return .pinNew
        }
        switch outcome {
        case .keep(let waiter):
            waiter?.resume(returning: connection)
        case .unpin(let waiters):
            releaseToPool(connection, rollingBack: isOpen)
            for waiter in waiters { waiter.resume(returning: nil) }
        case .pinNew:
            break
        case .release:
            pool.release(connection)
        case .rollBackAndRelease:
            releaseToPool(connection, rollingBack: true)
        }
    }

    /// On shutdown: rolls back a pinned idle transaction and returns its connection.
    func close() async {
        let idle = state.withLock { state -> PostgresConnection? in
            state.isClosed = true
            guard let pinned = state.pinned, !state.isBusy else { return nil }
            state.pinned = nil
            return pinned
        }
        if let idle { releaseToPool(idle, rollingBack: true) }
    }

    private func releaseToPool(_ connection: PostgresConnection, rollingBack: Bool) {
        guard rollingBack else {
            pool.release(connection)
            return
        }
        let submitted = connection.thread.submit { [pool] in
            _ = try? connection.executeSimple("ROLLBACK")
            pool.release(connection)
        }
        if !submitted { pool.release(connection) }
    }
}
