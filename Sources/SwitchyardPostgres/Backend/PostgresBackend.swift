import CLibPQ
import Logging
import Switchyard

/// A PostgreSQL database as a Switchyard ``Backend``, over the system libpq.
///
/// **Connections.** A ``ConnectionPool`` of `PostgresConnection`s (sizes and
/// timeouts in ``PostgresOptions``), each with a thread of its own on which its
/// libpq calls that can wait run. A statement already prepared on the connection,
/// outside a transaction, skips that thread: the calling task sends it and reads the
/// reply with libpq's non-blocking calls, and waits for the socket on one process-wide
/// `epoll` thread — one thread wake-up per request instead of two. Before a pooled connection is used the adapter checks, without a
/// round trip, that the server has not closed it (a restart does that), and retries
/// on another connection when it has; the pool replaces broken connections, so a
/// server restart costs the backend its old connections, not its availability.
///
/// **Execution.** Values are always bound (`$1…`), with types from the ``Value``
/// (see `PostgresBindings`). Statements are prepared once per connection and cached
/// by text (least recently used evicted and deallocated); results come in PostgreSQL's
/// binary format whenever the adapter decodes every column type, and stream in
/// libpq's single-row mode in batches, so a result of any size runs in bounded memory.
/// `QueryOptions.readOnly` is enforced by the server (a read-only session default, or
/// a read-only savepoint inside a transaction); `QueryOptions.timeout`, `QueryOptions.deadline`
/// and task cancellation send a cancel request (`PQcancel`) and leave the connection usable,
/// and a deadline also ends the wait for a pooled connection.
///
/// **Types.** `boolean`, `smallint`/`integer`/`bigint`, `real`/`double precision`
/// (NaN and infinities included), `numeric` (exact, as ``ExactDecimal``), the text
/// types, `bytea`, `date`, `time`, `timestamp`/`timestamptz` (UTC), `uuid`,
/// `json`/`jsonb` (documents), one-dimensional arrays of these, and `interval`,
/// `inet`, `cidr` as ``BackendScalar``. Values ``Value`` cannot hold (`infinity`
/// dates) come back as `.scalar` with PostgreSQL's text, which binds back unchanged.
/// Any other type comes back as text.
///
/// > Important: Sessions run with `TimeZone=UTC` (the adapter sets it at connect,
/// > unless the URL's `options` says otherwise), so a ``Timestamp`` stored into a
/// > `timestamp without time zone` column keeps its UTC wall-clock time.
/// > `jsonb` normalises documents (it reorders keys and drops duplicates); use `json`
/// > where field order matters.
public final class PostgresBackend: Backend {
    public let name: String
    public let redactedURL: String
    /// Transactions, savepoints, streaming, `RETURNING`, upsert, concurrent reads, read-only enforcement and
    /// cancellation, SQL only, in the ``PostgresDialect``.
    public let capabilities: BackendCapabilities
    /// The pool and statement-cache settings it was opened with.
    public let options: PostgresOptions

    let pool: ConnectionPool<PostgresConnection>
    let session: PostgresSessionPin
    private let shutdownTask = Locked<Task<Void, Never>?>(nil)
    private let logger: Logger
    /// The repository statements' texts, shared by every ``entityStore`` this backend makes.
    private let entityTexts = SQLEntityStore.TextCache()

    private init(name: String, redactedURL: String, options: PostgresOptions, pool: ConnectionPool<PostgresConnection>, logger: Logger) {
        self.name = name
        self.redactedURL = redactedURL
        self.options = options
        self.pool = pool
        self.session = PostgresSessionPin(pool: pool, backendName: name)
        self.logger = logger
        self.capabilities = BackendCapabilities(
            features: [
                .transactions, .savepoints, .streaming, .returning, .upsert, .concurrentReads, .readOnlyEnforcement,
                .cancellation, .deadlines, .sessionResetOutsideTransactions,
            ],
            languages: [.sql], sqlDialect: PostgresDialect())
    }

    /// Connects to the database `configuration.url` names and opens the pool's minimum
    /// connections. Throws `.invalidInput` for a URL it cannot use and `.connection`
    /// (with libpq's message, never the password) when the server cannot be reached.
    public static func open(_ configuration: BackendConfiguration) async throws -> PostgresBackend {
        let name = configuration.name
        do {
            let options = try PostgresOptions(url: configuration.url, settings: configuration.settings)
            let connectionString = try PostgresConnectionString(url: configuration.url)
            let redacted = configuration.url.redacted
            let pool = ConnectionPool(
                configuration: ConnectionPoolConfiguration(
                    name: name, minimumConnections: options.minimumConnections, maximumConnections: options.maximumConnections,
                    acquireTimeout: options.acquireTimeout, validationInterval: options.idleCheckInterval)
            ) {
                try await PostgresConnection.open(
                    connectionString, redactedURL: redacted, backendName: name, cacheSize: options.statementCacheSize)
            }
            do {
                try await pool.prewarm()
            } catch {
                await pool.shutdown()
                throw error
            }
            configuration.logger.debug(
                "opened PostgreSQL backend", metadata: ["url": "\(redacted)", "pool_max": "\(options.maximumConnections)"])
            return PostgresBackend(name: name, redactedURL: redacted, options: options, pool: pool, logger: configuration.logger)
        } catch let error as SwitchyardError {
            throw error.attributed(to: name)
        }
    }

    /// Opens `url` under `name`: a shorthand for tests and scripts.
    public static func open(name: String, url: String, settings: [String: String] = [:]) async throws -> PostgresBackend {
        try await open(BackendConfiguration(name: name, url: BackendURL(url), settings: settings))
    }

    // MARK: Queries

    nonisolated(nonsending) public func query(_ statement: Statement, options: QueryOptions) async throws -> ResultSet {
        if let transaction = PostgresTransaction.current, transaction.backendID == ObjectIdentifier(self), !transaction.hasEnded {
            return try await transaction.query(statement, options: options)
        }
        try ensureOpen(statement.text)
        guard statement.language == .sql else {
            throw SwitchyardError(.unsupported, "PostgreSQL runs SQL, not \(statement.language)", backend: name, statement: statement.text)
        }
        if let held = PostgresHeldSession.current, held.serves(ObjectIdentifier(self)) {
            return try await held.query(statement, options: options)
        }
        do {
            return try await withConnection(for: statement.text, options: options) { connection, isPinned in
                try await connection.startQuery(
                    statement, options: options, owner: .backend { [session] in session.giveBack($0) }, checkStale: !isPinned)
            }
        } catch is PostgresLostTransaction {
            var summary = ExecutionSummary()
            summary.warnings = ["the transaction had already been rolled back by the server when its connection was lost"]
            return .empty(summary)
        }
    }

    /// Runs `body` in one transaction on one connection: commits when it returns, rolls
    /// back when it throws (and rethrows). Inside another transaction of this backend
    /// it runs as a savepoint of that one.
    public func withTransaction<T: Sendable>(_ body: @Sendable (any QueryExecutor) async throws -> T) async throws -> T {
        try await withTransaction(PostgresTransactionOptions()) { try await body($0) }
    }

    /// Runs `body` in a transaction with an isolation level and access mode; see
    /// ``withTransaction(_:)``. Nested, it becomes a savepoint and `options` do not apply.
    public func withTransaction<T: Sendable>(
        _ options: PostgresTransactionOptions, _ body: @Sendable (PostgresTransaction) async throws -> T
    ) async throws -> T {
        if let outer = PostgresTransaction.current, outer.backendID == ObjectIdentifier(self), !outer.hasEnded {
            return try await outer.withSavepoint(body)
        }
        try ensureOpen(nil)
        if let held = PostgresHeldSession.current, held.serves(ObjectIdentifier(self)) {
            // The session's connection: no second connection for a task that already holds one.
            let transaction = PostgresTransaction(connection: held.connection, backendID: ObjectIdentifier(self))
            try await transaction.begin(options, checkStale: false)
            return try await run(transaction, body)
        }
        let transaction = try await withConnection { connection, isPinned -> PostgresTransaction in
            let transaction = PostgresTransaction(connection: connection, backendID: ObjectIdentifier(self))
            do {
                try await transaction.begin(options, checkStale: !isPinned)
            } catch {
                session.giveBack(connection)
                throw error
            }
            return transaction
        }
        defer { session.giveBack(transaction.connection) }
        return try await withTaskExecutorPreference(transaction.connection.thread) {
            try await run(transaction, body)
        }
    }

    /// Runs a begun transaction's body, then commits, or rolls back and rethrows.
    private func run<T: Sendable>(
        _ transaction: PostgresTransaction, _ body: @Sendable (PostgresTransaction) async throws -> T
    ) async throws -> T {
        do {
            let result = try await PostgresTransaction.$current.withValue(transaction) {
                try await body(transaction)
            }
            try await transaction.commit()
            return result
        } catch {
            await transaction.rollback()
            throw error
        }
    }

    /// Runs `body` holding one connection: statements on this backend inside it — through
    /// `query`, a repository or an orchestrator called from the body, and transactions —
    /// run on that connection, with no pool checkout per statement. The body runs on the
    /// connection's own thread (a task executor preference), so each statement calls libpq
    /// directly: its cost is the round trip to the server, as in a C program (see
    /// Benchmarks/README.md).
    ///
    /// For a series of statements by one task (lookups in a loop, a request handler's
    /// work). Results still open when the body returns are closed. A transaction opened
    /// with a plain `BEGIN` inside the body and left open stays with the connection for
    /// later queries, as it would outside a session. Nested sessions, and a session inside
    /// ``withTransaction(_:)``, run `body` as it is.
    public func withSession<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        let id = ObjectIdentifier(self)
        if let transaction = PostgresTransaction.current, transaction.backendID == id, !transaction.hasEnded {
            return try await body()
        }
        if let held = PostgresHeldSession.current, held.serves(id) { return try await body() }
        try ensureOpen(nil)
        let connection = try await withConnection { connection, isPinned -> PostgresConnection in
            if !isPinned {
                do {
                    try await connection.run { if connection.hasBeenClosedByServer() { throw PostgresStaleConnection() } }
                } catch {
                    session.giveBack(connection)
                    throw error
                }
            }
            return connection
        }
        let held = PostgresHeldSession(connection: connection, backendID: id)
        defer { session.giveBack(connection) }
        return try await withTaskExecutorPreference(connection.thread) {
            do {
                let result = try await PostgresHeldSession.$current.withValue(held) { try await body() }
                await held.end()
                return result
            } catch {
                await held.end()
                throw error
            }
        }
    }

    /// Runs `body` with a connection: the session's pinned one while a transaction
    /// begun with a plain `BEGIN` is open on it, otherwise one from the pool, retrying
    /// on another when the server had closed the first (nothing was sent on it).
    nonisolated(nonsending) private func withConnection<T>(
        for statement: String? = nil, options: QueryOptions = QueryOptions(),
        _ body: nonisolated(nonsending) (PostgresConnection, _ isPinned: Bool) async throws -> T
    ) async throws -> T {
        var attempts = 0
        while true {
            let (connection, isPinned) = try await session.acquire(for: statement, options: options)
            do {
                return try await body(connection, isPinned)
            } catch is PostgresStaleConnection {
                attempts += 1
                guard attempts <= pool.configuration.maximumConnections else {
                    throw SwitchyardError(.connection, "the server closed every connection the pool offered", backend: name)
                }
                logger.debug("replacing a connection the server had closed", metadata: ["backend": "\(name)"])
            }
        }
    }

    /// Repository support through ``SQLEntityStore`` in the ``PostgresDialect``; its statement texts are
    /// kept once per backend.
    public var entityStore: (any EntityStore)? {
        SQLEntityStore(dialect: PostgresDialect(), executor: self, texts: entityTexts)
    }

    /// What the pool holds right now (open, idle, leased, waiting connections).
    public var poolStatistics: ConnectionPoolStatistics { pool.statistics }

    // MARK: Health and lifecycle

    /// Runs `SELECT 1` (read-only) on a connection of the pool's own, not one a transaction
    /// or session holds; healthy when it answers, with the round trip as latency.
    /// Down when it fails, or when no answer came within 10 s, waiting for a connection
    /// included: a server that stopped answering without closing its connections (hung,
    /// stopped with `SIGSTOP`, behind a lost network path) may not even act on the
    /// statement's cancel request, and the check must still say so. Such a check goes on in
    /// the background, and gives its connection back once the server answers or is lost.
    public func health() async -> HealthStatus {
        await health(within: HealthStatus.checkLimit)
    }

    /// ``health()`` waiting at most `limit` for the answer.
    func health(within limit: Duration) async -> HealthStatus {
        await HealthStatus.probing(backend: name, within: limit) { [self] in try await pingOnPooledConnection(timeout: limit) }
    }

    /// `SELECT 1` on a connection of the pool's own — never the one a plain `BEGIN` pinned, a
    /// session holds or a transaction runs on, whose state (a failed or lost transaction, a
    /// long statement) says nothing about the server — retrying on another when the server
    /// had closed the first.
    private func pingOnPooledConnection(timeout: Duration) async throws {
        try ensureOpen(nil)
        var attempts = 0
        while true {
            let connection = try await pool.acquire()
            do {
                let owner = PostgresCursor.Owner.backend { [session] in session.giveBack($0) }
                _ = try await connection.startQuery(
                    Statement("SELECT 1"), options: QueryOptions(readOnly: true, timeout: timeout), owner: owner, checkStale: true
                ).collect()
                return
            } catch is PostgresStaleConnection {
                attempts += 1
                guard attempts <= pool.configuration.maximumConnections else {
                    throw SwitchyardError(.connection, "the server closed every connection the pool offered", backend: name)
                }
            }
        }
    }

    /// Waits for checked-out connections, then closes every connection and stops the
    /// connection threads. Later calls throw `.connection`.
    public func shutdown() async {
        let task = shutdownTask.withLock { task -> Task<Void, Never> in
            if let task { return task }
            let made = Task { [pool, session, logger, name] in
                await session.close()
                await pool.shutdown()
                logger.debug("closed PostgreSQL backend", metadata: ["backend": "\(name)"])
            }
            task = made
            return made
        }
        await task.value
    }

    private func ensureOpen(_ statement: String?) throws {
        if shutdownTask.withLock({ $0 != nil }) {
            throw SwitchyardError(.connection, "backend is shut down", backend: name, statement: statement)
        }
    }
}
