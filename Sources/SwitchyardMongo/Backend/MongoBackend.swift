import CMongoC
import Logging
import Switchyard

/// A MongoDB deployment as a Switchyard ``Backend``, over the system libmongoc.
///
/// **Connections and threads.** The whole `mongodb://` or `mongodb+srv://` URI goes to
/// libmongoc (replica sets, TLS, auth, read preference, timeouts, `maxPoolSize`), which
/// keeps a `mongoc_client_pool_t`. Every blocking libmongoc call runs on a few worker
/// threads this backend owns (``WorkerThreads``), never on Swift's cooperative
/// pool: a job pops a client, uses it alone, and pushes it back; a streaming cursor
/// keeps its client until it is exhausted, cancelled or dropped. The pool is
/// thread-safe, clients are not, and no client is ever used by two jobs at once.
///
/// **Statements.** `query` takes `.mongo` statements in mongosh syntax
/// (`MongoShellParser`), with `$1`, `$2`… bound from ``Statement/bindings``. `use DB`
/// switches the database later statements run in. Reads stream in batches of 256;
/// writes return one row of counts. ``QueryOptions/readOnly`` refuses every command
/// that is not a read (see ``MongoStatementClassifier``).
///
/// **Types.** BSON is decoded straight from `bson_iter_t` into ``Value`` in field
/// order (see ``MongoScalarType`` for the BSON types the core has no case for).
/// Integers are written as int32 when they fit and int64 otherwise, as mongosh does;
/// `NumberLong(…)` forces int64. Dates hold milliseconds, so a ``Timestamp``'s
/// microseconds are dropped; Decimal128 holds 34 digits, and a wider decimal is
/// refused rather than rounded.
///
/// **Results.** Columns are the union of the top-level fields of each batch (`_id`
/// first, missing fields null), or exactly the fields of an inclusion projection.
/// ``ResultSet/columns`` are the first batch's; a later batch with new fields carries
/// them in its rows' ``Row/columns``.
///
/// **Transactions.** Multi-document transactions need a replica set or sharded
/// cluster. ``connect(_:)`` asks the server (``detectFeatures()``) and declares
/// ``BackendCapabilities/Features/transactions`` only when it has them; otherwise
/// `withTransaction` throws `.unsupported`. A transaction holds one client and a
/// session; its statements' results are read in full before `query` returns.
public final class MongoBackend: Backend {
    public let name: String
    public let redactedURL: String
    /// Streaming, upsert and read-only enforcement always; transactions once
    /// ``detectFeatures()`` has seen a replica set or sharded cluster that has sessions.
    public var capabilities: BackendCapabilities {
        var features: BackendCapabilities.Features = [.streaming, .upsert, .readOnlyEnforcement]
        if hasTransactions.value { features.insert(.transactions) }
        return BackendCapabilities(features: features, languages: [.mongo])
    }

    private let hasTransactions = Locked(false)
    /// Whether a `hello` has answered yet; until then ``health()`` retries the detection.
    private let featuresDetected = Locked(false)

    let pool: MongoClientPool
    /// Run every blocking libmongoc call. Any worker takes any job: a job that needs a server
    /// pops a client and pushes it back, and a streaming cursor's jobs never overlap because
    /// ``MongoCursorStream`` sends one at a time. A session's body runs on them (``withSession(_:)``).
    let workers: WorkerThreads
    private let database: Locked<String>
    /// Parsed statements by text: repeated statements skip the parser.
    private let statements = MongoStatementCache.shared
    private let isShutDown = Locked(false)
    private let logger: Logger

    /// How long a statement waits for a reachable server when the URI does not say
    /// (`serverSelectionTimeoutMS`); libmongoc's own default is 30 s.
    public static let defaultServerSelectionTimeoutMS: Int32 = 5_000

    /// The database statements run in now (the URI's, until a `use`).
    public var currentDatabase: String { database.value }

    init(name: String, url: BackendURL, pool: MongoClientPool, database: String, workerCount: Int, logger: Logger) {
        self.name = name
        self.redactedURL = url.redacted
        self.pool = pool
        self.workers = WorkerThreads(count: workerCount, name: "mongo-\(name)")
        self.database = Locked(database)
        self.logger = logger
    }

    /// The hosts as libmongoc reads them: from the first `@` after `mongodb://` (and before the
    /// options) to the path or the options. `nil` without user information.
    private static func hostsAfterUserInformation(of text: String) -> Substring? {
        guard let slashes = text.range(of: "//") else { return nil }
        let beforeOptions = text[slashes.upperBound...].prefix { $0 != "?" }
        guard let at = beforeOptions.firstIndex(of: "@") else { return nil }
        return beforeOptions[beforeOptions.index(after: at)...].prefix { $0 != "/" }
    }

    /// Opens a backend for `configuration.url`. Throws `.invalidInput` for a URI libmongoc
    /// refuses (its message, never the password). Connecting is lazy, as in libmongoc:
    /// an unreachable server shows on the first statement or ``health()``.
    public static func open(_ configuration: BackendConfiguration) throws -> MongoBackend {
        MongoRuntime.ensureInitialized()
        let url = configuration.url
        MongoRuntime.register(url)
        // libmongoc ends the user information at the first `@`, and would take the rest of such a
        // password for a host name — and print it in its errors.
        if let hosts = Self.hostsAfterUserInformation(of: url.text), hosts.contains("@") {
            throw SwitchyardError(
                .invalidInput, "'\(url.redacted)' is not a MongoDB URI: the user name or password holds an unescaped '@'",
                backend: configuration.name, hint: "percent-encode it as %40 (and ':' in a password as %3A)")
        }
        var error = bson_error_t()
        guard let uri = mongoc_uri_new_with_error(url.text, &error) else {
            throw SwitchyardError(
                .invalidInput, "'\(url.redacted)' is not a MongoDB URI: \(url.scrub(MongoErrorMapping.message(error)))",
                backend: configuration.name, hint: "example: mongodb://user:password@host:27017/database?replicaSet=rs0")
        }
        // libmongoc waits 30 s for a server by default; an interactive tool should say
        // sooner that none answers. An explicit serverSelectionTimeoutMS wins.
        if !mongoc_uri_has_option(uri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS) {
            _ = mongoc_uri_set_option_as_int32(uri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS, MongoBackend.defaultServerSelectionTimeoutMS)
        }
        let pool = try MongoClientPool(uri: uri, appName: "switchyard")
        // Worker threads bound the calls in flight: `workers`, else the configuration's `poolSize`, else 4.
        let workers = Int(configuration.settings["workers"] ?? configuration.settings[BackendConfiguration.poolSizeSetting] ?? "") ?? 4
        return MongoBackend(
            name: configuration.name, url: url, pool: pool, database: pool.databaseName ?? "test", workerCount: workers,
            logger: configuration.logger)
    }

    /// Opens a backend and asks the server what it supports (``detectFeatures()``);
    /// what ``MongoDriver`` uses. An unreachable server is not an error here (it may come
    /// up later), but a server that refuses the URL's credentials is: the error says so
    /// at start rather than at the first statement.
    public static func connect(_ configuration: BackendConfiguration) async throws -> MongoBackend {
        let backend = try open(configuration)
        if let error = await backend.readFeatures(), error.kind == .rejected {
            await backend.shutdown()
            throw SwitchyardError(
                .rejected, "cannot connect to \(configuration.url.redacted): \(error.message)", backend: configuration.name,
                code: error.code, hint: "check the user name, the password (percent-encoded) and authSource in the URL")
        }
        return backend
    }

    /// Runs `hello` and declares transactions when the deployment has them: a replica
    /// set (`setName`) or a sharded cluster (`msg: "isdbgrid"`) with logical sessions.
    /// A standalone `mongod` has none, so none are declared.
    ///
    /// > Note: SecantusDB started with `--standalone` (as the test server is) accepts
    /// > transactions although it reports a standalone topology; MongoDB would refuse
    /// > them, so the adapter goes by the topology and does not declare them there.
    public func detectFeatures() async {
        _ = await readFeatures()
    }

    /// ``detectFeatures()``, returning why the server did not answer.
    private func readFeatures() async -> SwitchyardError? {
        let rows: [Row]
        do {
            rows = try await run(.runCommand(["hello": .int(1)]), text: "db.runCommand({hello: 1})").collect()
        } catch {
            return error as? SwitchyardError ?? SwitchyardError(.connection, "\(error)", backend: name)
        }
        guard let reply = rows.first else { return nil }
        let replicaSet = reply["setName"].map { !$0.isNull } ?? false
        let sharded = reply["msg"] == .text("isdbgrid")
        let sessions = reply["logicalSessionTimeoutMinutes"].map { !$0.isNull } ?? false
        hasTransactions.withLock { $0 = (replicaSet || sharded) && sessions }
        featuresDetected.withLock { $0 = true }
        return nil
    }

    /// Opens `url` under `name`: a shorthand for tests and scripts.
    public static func open(name: String, url: String) throws -> MongoBackend {
        try open(BackendConfiguration(name: name, url: BackendURL(url)))
    }

    // MARK: Queries

    nonisolated(nonsending) public func query(_ statement: Statement, options: QueryOptions) async throws -> ResultSet {
        let command = try prepare(statement, options: options)
        if case .use(let target) = command {
            database.withLock { $0 = target }
        }
        return try await run(command, text: statement.text)
    }

    /// Parses and binds `statement`, refusing writes under `options.readOnly`.
    func prepare(_ statement: Statement, options: QueryOptions) throws -> MongoCommand {
        guard statement.language == .mongo else {
            throw SwitchyardError(.unsupported, "MongoDB runs .mongo statements, not \(statement.language)", backend: name, statement: statement.text)
        }
        let parsed: MongoShellStatement
        do {
            parsed = try statements.parse(statement.text)
        } catch let error as SwitchyardError {
            throw error.attributed(to: name, statement: statement.text)
        }
        guard parsed.placeholderCount == statement.bindings.count else {
            throw SwitchyardError(
                .invalidInput,
                "the statement uses \(parsed.placeholderCount) placeholder(s) but \(statement.bindings.count) value(s) were bound",
                backend: name, statement: statement.text)
        }
        var command = parsed.command.bound(to: statement.bindings)
        // The server stops the command at the request's deadline too; the orchestrator watches
        // the rest of the wait (this backend does not declare `.deadlines`: libmongoc's calls block).
        if let remaining = options.remainingTime() { command = command.limitingServerTime(to: remaining) }
        if options.readOnly && !command.isRead {
            throw SwitchyardError(
                .readOnly, "refusing a \(command.kind.rawValue) statement in a read-only session", backend: name, statement: statement.text)
        }
        return command
    }

    /// Runs an already-built command (the entity store's way in: no text, nothing spliced).
    func run(_ command: MongoCommand, text: String) async throws -> ResultSet {
        let (columns, stream) = try await start(command, text: text)
        return ResultSet(columns: columns, stream: stream)
    }

    /// Starts `command`: its first columns and the stream of its rows.
    func start(_ command: MongoCommand, text: String) async throws -> (Columns, any RowStream) {
        if isShutDown.value {
            throw SwitchyardError(.connection, "backend is shut down", backend: name, statement: text)
        }
        let (pool, database, name) = (self.pool, self.database.value, self.name)
        let outcome: MongoOutcome
        do {
            // A server that stops answering holds the call until libmongoc's socket timeout: a
            // caller cancelled meanwhile (Ctrl-C, a deadline) returns at once, and a cursor opened
            // after it gave up is closed on the worker.
            outcome = try await workers.runAbandoningOnCancel({
                let (client, collections) = pool.pop()
                let runner = MongoCommandRunner(
                    client: client, collections: collections, pool: pool, database: database, backend: name, statement: text)
                do {
                    let (outcome, ownership) = try runner.run(command)
                    if case .returnToPool = ownership { pool.push(client) }
                    return outcome
                } catch {
                    if !runner.custody.handedToCursor { pool.push(client) }
                    throw error
                }
            }, discard: { outcome in
                if case .cursor(let handle, _, _) = outcome { handle.close() }
            })
        } catch let error as SwitchyardError {
            throw error.attributed(to: name, statement: text)
        }
        switch outcome {
        case .rows(let rows, let summary):
            return (rows.first?.columns ?? Columns.empty, BufferedRowStream(rows: rows, summary: summary))
        case .cursor(let handle, let builder, let first):
            let stream = MongoCursorStream(handle: handle, workers: workers, builder: builder, first: first, backend: name, statement: text)
            return (first.first?.columns ?? Columns(names: builder.fixedColumns ?? []), stream)
        }
    }

    /// Runs `body` in a multi-document transaction on one client and session: commits when it returns,
    /// aborts when it throws (and rethrows). Throws `.unsupported` when the deployment has no transactions
    /// (a standalone server) and `.connection` once the backend is shut down.
    public func withTransaction<T: Sendable>(_ body: @Sendable (any QueryExecutor) async throws -> T) async throws -> T {
        guard capabilities.supports(.transactions) else {
            throw SwitchyardError(
                .unsupported, "this MongoDB deployment has no transactions (they need a replica set or a sharded cluster)", backend: name)
        }
        if isShutDown.value { throw SwitchyardError(.connection, "backend is shut down", backend: name) }
        let (pool, name) = (self.pool, self.name)
        let handle = try await workers.run { try MongoSessionHandle(pool: pool, backend: name) }
        let result: T
        do {
            result = try await body(MongoTransaction(backend: self, handle: handle))
            try await workers.run { try handle.commit(backend: name) }
        } catch {
            _ = try? await workers.run { handle.end(abort: true) }
            throw error
        }
        _ = try? await workers.run { handle.end(abort: false) }
        return result
    }

    /// Runs `body` — a series of statements by one task — on the adapter's worker threads
    /// (a task executor preference): each statement inside it, through `query`, a repository
    /// or an orchestrator, calls libmongoc directly on the worker the task runs on instead of
    /// queueing a job and waiting for another thread to take it. Statements still take a
    /// client from the pool each, so they behave exactly as outside a session.
    public func withSession<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if workers.isCurrent { return try await body() }
        if isShutDown.value { throw SwitchyardError(.connection, "backend is shut down", backend: name) }
        return try await withTaskExecutorPreference(workers) { try await body() }
    }

    /// Repository support: operations become MongoDB commands built directly (never text), with the
    /// entity's `id` stored as the document's `_id` and saves as `replaceOne` with `upsert: true`.
    public var entityStore: (any EntityStore)? { MongoEntityStore(backend: self) }

    // MARK: Health and lifecycle

    /// Runs `ping`; healthy when it answers, with the round trip as latency. A backend opened while the
    /// server was down detects the server's features (transactions) on its first healthy check,
    /// whose latency includes that. Down when no answer came within 10 s: a server that stopped
    /// answering without closing its connections (hung, stopped with `SIGSTOP`) leaves libmongoc
    /// waiting up to its `socketTimeoutMS` (5 minutes unless the URL says), and the check must say so sooner.
    public func health() async -> HealthStatus {
        await health(within: HealthStatus.checkLimit)
    }

    /// ``health()`` waiting at most `limit` for the answer.
    func health(within limit: Duration) async -> HealthStatus {
        await HealthStatus.probing(backend: name, within: limit) { [self] in
            _ = try await run(.runCommand(["ping": .int(1)]), text: "db.runCommand({ping: 1})").collect()
            // A backend opened while the server was down learns what it supports once it answers.
            if !featuresDetected.value { await detectFeatures() }
        }
    }

    /// Refuses new statements, waits (up to 10 s) for open cursors to return their
    /// clients, then stops the workers and frees the pool. Safe to call twice.
    public func shutdown() async {
        let first = isShutDown.withLock { state -> Bool in
            defer { state = true }
            return !state
        }
        guard first else { return }
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        while pool.outstanding > 0, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        await workers.stop()
        if pool.outstanding == 0 {
            pool.destroy()
        } else {
            logger.warning("MongoDB pool not freed: results still open at shutdown", metadata: ["backend": "\(name)"])
        }
    }
}
