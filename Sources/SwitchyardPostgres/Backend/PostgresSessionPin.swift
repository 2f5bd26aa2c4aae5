import Switchyard
import Synchronization

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
///
/// When the pinned connection is lost (the server restarted, `pg_terminate_backend`, an
/// `idle_in_transaction_session_timeout`), the server has rolled the transaction back.
/// The statements that follow would otherwise run on a pooled connection, each
/// committing on its own, and a later `ROLLBACK` could not undo them; so they are
/// refused until a `ROLLBACK` (or `ABORT`) acknowledges the loss. A `COMMIT` (or `END`)
/// acknowledges it too, and fails: nothing was committed.
final class PostgresSessionPin: Sendable {
    private struct State: Sendable {
        var pinned: PostgresConnection?
        var isBusy = false
        var waiters: [CheckedContinuation<PostgresConnection?, Never>] = []
        var isClosed = false
        /// The pinned connection was lost with its transaction open.
        var lostTransaction = false
    }

    private let pool: ConnectionPool<PostgresConnection>
    private let backendName: String
    private let state = Locked(State())

    init(pool: ConnectionPool<PostgresConnection>, backendName: String) {
        self.pool = pool
        self.backendName = backendName
    }

    /// Where a query's connection comes from.
    private enum Next { case pinned(PostgresConnection), wait, pool, lost }

    /// The pinned connection when there is one (waiting while another query uses it),
    /// otherwise one from the pool. `isPinned` tells which.
    ///
    /// - Parameters:
    ///   - statement: the text about to run (`nil` for a transaction, session or copy), read
    ///     only after a pinned transaction was lost.
    ///   - options: the request's, whose ``QueryOptions/deadline`` ends a wait for a pooled connection.
    /// - Throws: ``PostgresLostTransaction`` when `statement` is the `ROLLBACK` that
    ///   acknowledges a lost transaction (nothing is left to run); a `.connection` error
    ///   for anything else while the loss is unacknowledged.
    nonisolated(nonsending) func acquire(
        for statement: String?, options: QueryOptions = QueryOptions()
    ) async throws -> (connection: PostgresConnection, isPinned: Bool) {
        let next = state.withLock { state -> Next in
            if state.lostTransaction { return .lost }
            guard let pinned = state.pinned else { return .pool }
            if state.isBusy { return .wait }
            state.isBusy = true
            return .pinned(pinned)
        }
        switch next {
        case .pinned(let connection): return (connection, true)
        case .pool: return (try await pool.acquire(for: options), false)
        case .wait: return try await waitForPinned(for: statement, options: options)
        case .lost:
            try acknowledgeLoss(by: statement)
            return try await acquire(for: statement, options: options)
        }
    }

    /// Ends the lost-transaction state when `statement` ends a transaction; throws what
    /// the caller reports otherwise.
    private func acknowledgeLoss(by statement: String?) throws {
        let verb = statement.flatMap(Self.transactionEnd(of:))
        let ends = state.withLock { state -> Bool in
            guard state.lostTransaction else { return false }
            if verb != nil { state.lostTransaction = false }
            return true
        }
        guard ends else { return }  // another statement acknowledged it meanwhile
        switch verb {
        case .rollback?:
            throw PostgresLostTransaction()
        case .commit?:
            throw SwitchyardError(
                .connection, "the connection was lost inside the transaction, so the server rolled it back: nothing was committed",
                backend: backendName, statement: statement, hint: "run the transaction's statements again")
        case nil:
            throw SwitchyardError(
                .connection,
                "the connection was lost inside a transaction, which the server rolled back; statements are refused until ROLLBACK ends it",
                backend: backendName, statement: statement, hint: "run ROLLBACK, then the transaction's statements again")
        }
    }

    private enum TransactionEnd { case rollback, commit }

    /// `ROLLBACK`/`ABORT` (not `ROLLBACK TO` a savepoint) or `COMMIT`/`END`, alone with
    /// optional `WORK`/`TRANSACTION`; `nil` for any other statement.
    private static func transactionEnd(of statement: String) -> TransactionEnd? {
        var words: [String] = []
        for token in SQLTokenizer(statement, reading: PostgresDialect().tokenizerReading) {
            switch token.kind {
            case .word: words.append(token.text.uppercased())
            case .whitespace, .comment: continue
            case .punctuation where token.text == ";": continue
            default: return nil
            }
            if words.count > 2 { return nil }
        }
        guard let first = words.first else { return nil }
        if words.count == 2, words[1] != "WORK", words[1] != "TRANSACTION" { return nil }
        switch first {
        case "ROLLBACK", "ABORT": return .rollback
        case "COMMIT", "END": return .commit
        default: return nil
        }
    }

    /// Waits for the pinned connection while another query uses it. Apart from `acquire`,
    /// whose frame would otherwise make room for the continuation (a resilient type, taken
    /// from the task allocator) on every query.
    nonisolated(nonsending) private func waitForPinned(
        for statement: String?, options: QueryOptions
    ) async throws -> (connection: PostgresConnection, isPinned: Bool) {
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
            case .pool, .lost: continuation.resume(returning: nil)
            case .wait: break
            }
        }
        if let handed { return (handed, true) }
        // Unpinned meanwhile: the transaction ended, or was lost with its connection.
        return try await acquire(for: statement, options: options)
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
                if !connection.isUsable, !state.isClosed { state.lostTransaction = true }
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
            releaseToPool(connection, rollingBack: false)
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

    /// Gives `connection` back to the pool, first rolling back its transaction when asked, and
    /// resetting its session when a statement changed a setting (`SET search_path …`): the
    /// next request, unrelated, must find the session as the URL set it up. `DISCARD ALL`
    /// also drops the server's prepared statements, so the connection's cache is emptied.
    private func releaseToPool(_ connection: PostgresConnection, rollingBack: Bool) {
        let resetting = connection.changedSession.load(ordering: .relaxed)
        guard rollingBack || resetting else {
            pool.release(connection)
            return
        }
        let submitted = connection.thread.submit { [pool] in
            if rollingBack { _ = try? connection.executeSimple("ROLLBACK") }
            if resetting {
                _ = try? connection.executeSimple("DISCARD ALL")
                connection.cache.removeAll()
                connection.changedSession.store(false, ordering: .relaxed)
            }
            pool.release(connection)
        }
        if !submitted { pool.release(connection) }
    }
}

/// The `ROLLBACK` that acknowledged a lost transaction: nothing is left to run, and the
/// backend answers it with an empty result.
struct PostgresLostTransaction: Error {}
