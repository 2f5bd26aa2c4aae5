import CLibPQ
import Foundation
import Switchyard
import Synchronization

/// One PostgreSQL connection: its libpq handle, the thread all its calls run on, its
/// prepared-statement cache and the operation in flight on it.
///
/// **Why a thread per connection** rather than libpq's non-blocking API on one event
/// loop: the blocking calls keep the code straight-line (`PQgetResult` in single-row
/// mode is a plain loop, cancellation is `PQcancel` from any thread), and a pool of 8
/// costs 8 mostly sleeping threads. The price is one extra thread wake per request
/// (caller → connection thread; the reply wakes the caller in either design), so the
/// common case skips the thread: a statement already prepared on a pooled connection,
/// outside a transaction, is sent and read by the calling task with libpq's
/// non-blocking calls, and only the wait for the reply is left to one process-wide
/// `epoll` thread (``PostgresSocketPoller``; see ``PostgresCursor/sendDirect(bindings:checkStale:)``).
/// A pooled connection's later batches are read by the holder too, from the rows that
/// have arrived (``PostgresCursor/nextBatchInline()``); waiting for rows, preparing,
/// transactions, sessions and `COPY` still run here.
///
/// `@unchecked Sendable`, and why that is safe: the handle and the
/// ``PostgresStatementCache`` are only touched by the connection's holder, one call at a
/// time: jobs on ``thread``, or the task that checked the connection out and starts a
/// statement directly, or reads a batch of what has arrived, while no job of it is queued.
/// Everything read from other threads is immutable or behind a lock (``operations``, the
/// usable flag). Methods marked "on the connection thread" must only be called from a job
/// submitted to ``thread``, or by such a holder.
final class PostgresConnection: PoolableConnection, @unchecked Sendable {
    let handle: PostgresHandle
    let thread: ConnectionThread
    let operations: PostgresOperations
    let backendName: String
    let secrets: PostgresSecrets
    /// Whether the session's `default_transaction_read_only` was on when it connected
    /// (set in the URL's `options`): read-write requests never turn it off.
    let isReadOnlyByDefault: Bool
    let cache: PostgresStatementCache
    /// Whether a transaction was open (or failed, awaiting `ROLLBACK`) when the last
    /// operation ended; read off the connection thread by ``PostgresSessionPin``.
    let hasOpenTransaction = Locked(false)
    /// Whether a statement changed a setting of the session (``PostgresSessionChange``) since
    /// the connection last came from the pool: it is reset before it goes back.
    let changedSession = Atomic(false)
    /// What the server said beside results; the cursor moves it into each summary.
    let notices: PostgresNotices
    private let usable = Locked(true)

    private init(
        handle: PostgresHandle, thread: ConnectionThread, cancel: PostgresCancelHandle, backendName: String,
        secrets: PostgresSecrets, notices: PostgresNotices, isReadOnlyByDefault: Bool, cacheSize: Int
    ) {
        self.handle = handle
        self.notices = notices
        self.thread = thread
        self.operations = PostgresOperations(cancelHandle: cancel, socket: PQsocket(handle.pointer))
        self.backendName = backendName
        self.secrets = secrets
        self.isReadOnlyByDefault = isReadOnlyByDefault
        self.cache = PostgresStatementCache(capacity: cacheSize)
    }

    /// Connects on a new connection thread. Throws `.connection` with libpq's message
    /// (the password scrubbed from it) when the server cannot be reached or refuses.
    static func open(
        _ connectionString: PostgresConnectionString, redactedURL: String, backendName: String, cacheSize: Int
    ) async throws -> PostgresConnection {
        let thread = ConnectionThread(name: "postgres \(backendName)")
        let notices = PostgresNotices(secrets: connectionString.secrets)
        do {
            let (handle, cancel, readOnly) = try await thread.run {
                try connect(connectionString, redactedURL: redactedURL, backendName: backendName, notices: notices)
            }
            return PostgresConnection(
                handle: handle, thread: thread, cancel: cancel, backendName: backendName, secrets: connectionString.secrets,
                notices: notices, isReadOnlyByDefault: readOnly, cacheSize: cacheSize)
        } catch {
            await thread.stop()
            throw error
        }
    }

    /// On the connection thread: `PQconnectdbParams` with the URI expanded.
    private static func connect(
        _ connectionString: PostgresConnectionString, redactedURL: String, backendName: String, notices: PostgresNotices
    ) throws -> (PostgresHandle, PostgresCancelHandle, Bool) {
        let keywords = connectionString.parameters.map { strdup($0.keyword) }
        let values = connectionString.parameters.map { strdup($0.value) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let pointer: OpaquePointer? = (keywords.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { keys in
            (values.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { vals in
                PQconnectdbParams(keys.baseAddress, vals.baseAddress, 1)
            }
        }
        guard let pointer else {
            throw SwitchyardError(.connection, "cannot connect to \(redactedURL): libpq is out of memory", backend: backendName)
        }
        guard PQstatus(pointer) == CONNECTION_OK else {
            let message = connectionString.secrets.scrub(String(cString: PQerrorMessage(pointer)))
                .trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(pointer)
            let lowered = message.lowercased()
            let isInvalid = lowered.contains("invalid uri") || lowered.contains("invalid connection option")
                || lowered.contains("invalid integer value") || lowered.contains("invalid value for parameter")
                || lowered.contains("invalid sslmode") || lowered.contains("invalid percent-encoded")
            throw SwitchyardError(
                isInvalid ? .invalidInput : .connection, "cannot connect to \(redactedURL): \(message)", backend: backendName)
        }
        // libpq prints notices (`NOTICE: table "x" does not exist, skipping`) to stderr by
        // default; they go to the statement's summary instead.
        PostgresNotices.receive(on: pointer, into: notices)
        let readOnly = PQparameterStatus(pointer, "default_transaction_read_only").map { String(cString: $0) == "on" } ?? false
        return (PostgresHandle(pointer), PostgresCancelHandle(PQgetCancel(pointer)), readOnly)
    }

    /// On any thread: runs `body` on the connection thread and returns its result.
    nonisolated(nonsending) func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await thread.run(body)
    }

    // MARK: PoolableConnection

    var isUsable: Bool { usable.value }

    /// How long ``validate()`` waits for the server's answer.
    static let validationLimit = Duration.seconds(5)

    /// A round trip (an empty query) on the connection thread, waiting at most
    /// ``validationLimit`` for the answer: a server that stopped answering without closing the
    /// connection (hung, stopped with `SIGSTOP`, behind a lost network path) would otherwise hold
    /// the caller that wanted the connection for as long as that lasted, past its acquire
    /// timeout and its statement's. Without an answer in time the connection counts as broken.
    func validate() async -> Bool {
        let alive = try? await run { [self] () -> Bool in
            let pointer = handle.pointer
            guard PQsendQuery(pointer, "") == 1 else {
                noteHealth()
                return false
            }
            let deadline = ContinuousClock.now + Self.validationLimit
            while PQisBusy(pointer) == 1 {
                let left = deadline - ContinuousClock.now
                let milliseconds = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
                var descriptor = pollfd(fd: PQsocket(pointer), events: Int16(POLLIN), revents: 0)
                guard milliseconds > 0, poll(&descriptor, 1, milliseconds) > 0 else {
                    markBroken()
                    return false
                }
                guard PQconsumeInput(pointer) == 1 else {
                    noteHealth()
                    return false
                }
            }
            var answered = false
            while let result = PQgetResult(pointer) {
                if PQresultStatus(result) == PGRES_EMPTY_QUERY { answered = true }
                PQclear(result)
            }
            noteHealth()
            return answered && PQtransactionStatus(pointer) == PQTRANS_IDLE
        }
        return alive ?? false
    }

    /// Deallocates nothing (the server drops prepared statements with the session),
    /// closes the handle and stops the thread. Only when no operation uses the connection.
    func close() async {
        usable.withLock { $0 = false }
        _ = try? await run { [self] in
            operations.close()
            PQfinish(handle.pointer)
        }
        await thread.stop()
    }

    // MARK: On the connection thread

    /// Records whether the connection still works, for the pool.
    func noteHealth() {
        if PQstatus(handle.pointer) != CONNECTION_OK { usable.withLock { $0 = false } }
        let open = PQtransactionStatus(handle.pointer) != PQTRANS_IDLE
        hasOpenTransaction.withLock { $0 = open }
    }

    /// Marks the connection unusable (a protocol state the adapter cannot recover from).
    func markBroken() { usable.withLock { $0 = false } }

    /// Whether the server has closed this idle connection (a restart, an idle timeout,
    /// `pg_terminate_backend`): a zero-timeout poll for input, which an idle session
    /// never has unless the server said goodbye. Costs a system call, no round trip.
    func hasBeenClosedByServer() -> Bool {
        let socket = PQsocket(handle.pointer)
        guard socket >= 0 else { return true }
        // A server going away sends its farewell error and then closes: two reads, so
        // read while input is waiting (a few times at most; an idle session gets none).
        for _ in 0..<4 {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0 else { break }
            guard PQconsumeInput(handle.pointer) == 1 else { break }
            // Discard what arrived (notices, or the server's farewell error).
            while PQisBusy(handle.pointer) == 0, let result = PQgetResult(handle.pointer) { PQclear(result) }
            if PQstatus(handle.pointer) != CONNECTION_OK { break }
        }
        noteHealth()
        return PQstatus(handle.pointer) != CONNECTION_OK
    }

    /// Runs `sql` through the simple protocol and discards any rows: transaction
    /// control, `SET`, `DEALLOCATE`, and all but the last statement of a multi-statement text.
    @discardableResult
    func executeSimple(_ sql: String, reportedAs statement: String? = nil, positionOffset: Int = 0) throws -> ExecutionSummary {
        var summary = ExecutionSummary()
        var failure: SwitchyardError?
        guard PQsendQuery(handle.pointer, sql) == 1 else {
            noteHealth()
            throw connectionError(statement: statement ?? sql)
        }
        while let result = PQgetResult(handle.pointer) {
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
                PostgresCommandTag.record(result, into: &summary)
            case PGRES_COPY_IN:
                _ = PQputCopyEnd(handle.pointer, "COPY FROM STDIN is not supported here")
            case PGRES_COPY_OUT:
                drainCopyOut()
            default:
                if failure == nil {
                    failure = .postgres(
                        result: result, connection: handle.pointer, backend: backendName, statement: statement ?? sql,
                        positionOffset: positionOffset, interruption: nil, secrets: secrets)
                }
            }
        }
        noteHealth()
        if let failure { throw failure }
        return summary
    }

    /// Reads and discards the rows of a `COPY … TO STDOUT` the caller did not ask for.
    func drainCopyOut() {
        var buffer: UnsafeMutablePointer<CChar>?
        while PQgetCopyData(handle.pointer, &buffer, 0) > 0 {
            PQfreemem(buffer)
            buffer = nil
        }
    }

    /// The error libpq holds for the connection itself (a failed send, a lost server).
    func connectionError(statement: String?) -> SwitchyardError {
        let message = secrets.scrub(String(cString: PQerrorMessage(handle.pointer))).trimmingCharacters(in: .whitespacesAndNewlines)
        return SwitchyardError(
            .connection, message.isEmpty ? "the connection to the server failed" : message, backend: backendName,
            statement: statement)
    }

    /// On the connection thread: whether libpq has lost the connection (the server closed
    /// it, or went away).
    var isLost: Bool { PQstatus(handle.pointer) != CONNECTION_OK }

    /// The error for a statement of a transaction or session (`scope`) whose connection was
    /// lost before it: it cannot run anywhere else, since the transaction (which the server
    /// rolled back) or the session's state went with the connection. libpq alone says only
    /// "no connection to the server".
    func lostConnectionError(in scope: String, statement: String?) -> SwitchyardError {
        if scope == "session" {
            return SwitchyardError(
                .connection, "the session's connection was lost (the server closed it or went away): its later statements cannot run",
                backend: backendName, statement: statement,
                hint: "end the session and start another, which takes a new connection (what the session had set, such as temporary tables, went with the old one)")
        }
        return SwitchyardError(
            .connection, "the connection was lost inside the \(scope), so the server rolled it back: its later statements cannot run and nothing will be committed",
            backend: backendName, statement: statement, hint: "run the \(scope) again: it takes a new connection")
    }

    /// Whether a transaction is open on the connection (or failed and awaiting `ROLLBACK`).
    var transactionStatus: PGTransactionStatusType { PQtransactionStatus(handle.pointer) }
}
