import Logging
import Switchyard
import Synchronization

/// A SQLite database as a Switchyard ``Backend``, over the system libsqlite3.
///
/// **Connections.** A file opens in WAL mode with one writer connection and N reader
/// connections (GRDB's readers/writer split), so reads run in parallel with a write
/// and with each other. A statement goes to a reader when
/// ``StatementKind/classify(sql:)`` says it reads *and* SQLite's
/// `sqlite3_stmt_readonly` agrees; everything else queues for the writer.
/// `:memory:` uses a single connection, since each in-memory connection would be a
/// separate database. Every connection has a thread of its own on which its
/// `sqlite3_*` calls run, so calls that can wait (for a lock, the disk, a busy
/// database) never occupy Swift's cooperative pool. One exception saves the two thread
/// hand-offs that would cost more than a lookup itself: a read on a reader whose
/// prepared statement is cached starts on the caller's thread, with SQLite's busy wait
/// off and a budget of 200 µs (a progress handler) to reach its first row; one that finds
/// the database busy or runs past the budget is reset and run again on the reader's
/// thread. The later batches of a read on a pooled reader, wherever it started, are read on
/// the caller's thread, each under a budget of SQLite's instructions, until a batch reaches
/// too few rows in it.
///
/// **Execution.** Statements are prepared once per connection and cached by text
/// (least recently used evicted); rows are decoded straight from `sqlite3_column_*`
/// into ``Value`` and streamed in batches of 256 while the caller iterates.
/// `QueryOptions.readOnly` refuses any statement SQLite reports as writing, which
/// catches writes that text classification misses (`WITH … INSERT`).
/// Foreign keys are enforced (`PRAGMA foreign_keys = ON`) on the writer.
///
/// **A file deleted or replaced while open.** SQLite goes on with the file it has open,
/// and in WAL mode would accept writes into a deleted file, lost with it. A write that
/// starts a transaction (or runs in one begun with a plain `BEGIN`), and
/// ``withTransaction(_:)``'s begin and commit, first check that the file at the path is
/// still the one open, and throw `.connection` when it is not; ``health()`` reports the
/// backend down. Reads go on from the open file. Putting the file back ends it.
///
/// **Types.** SQLite stores INTEGER, REAL, TEXT and BLOB; the declared column type
/// decides richer values on the way out (`BOOLEAN` → `.bool`, `DATE`, `TIME`,
/// `DATETIME`/`TIMESTAMP`, `DECIMAL`/`NUMERIC` → `.decimal`, `JSON`, `UUID`), and
/// those values are bound as text that SQLite's date and JSON functions understand.
/// A `DATETIME`/`TIMESTAMP` value is read as SQLite's date functions read it: text as
/// ISO 8601, an INTEGER as Unix seconds, a REAL as a Julian day number (`julianday()`),
/// or as Unix seconds when too large for one (the rule of the `auto` modifier). Text
/// without `Z` or an offset is a timestamp without time zone.
///
/// > Important: SQLite's NUMERIC affinity (which `DECIMAL` and `NUMERIC` columns get)
/// > stores a decimal as REAL whenever it looks like a number, which keeps only 15
/// > significant digits and drops trailing zeros: `12.50` reads back as `12.5`, and
/// > `12345678901234567890.5` is rounded. When every digit matters declare the column
/// > `DECIMAL TEXT`: SQLite then gives it TEXT affinity (the type contains `TEXT`) and
/// > stores the digits as written, while the adapter still reads it as `.decimal`
/// > (it looks at the first word of the declared type).
///
/// **Transactions.** ``withTransaction(_:)`` holds the writer for its whole body and
/// runs the body on the writer's thread (a task executor preference), so statements
/// inside it call SQLite without a thread switch. Inside the body, `query` on this
/// backend and nested `withTransaction` calls join the transaction (the latter as
/// savepoints) instead of waiting for the writer the body holds.
///
/// **Timeouts and cancellation.** `QueryOptions.timeout` counts from when the
/// statement starts on its connection (not while it waits for one) until its result
/// is fully read; `QueryOptions.deadline` (a ``TimeoutProcessor``'s) also ends the wait for a
/// connection. When either runs out, or the calling task is cancelled, the statement
/// is stopped (by the connection's progress handler, within 1,000 of SQLite's virtual-machine
/// instructions) and the connection stays usable.
///
/// > Note: `LIKE` in SQLite folds case for ASCII letters only.
public final class SQLiteBackend: Backend {
    public let name: String
    public let redactedURL: String
    /// Transactions, savepoints, streaming, `RETURNING`, upsert, read-only enforcement and cancellation,
    /// plus concurrent reads when it has reader connections; SQL only, in the ``SQLiteDialect``.
    public let capabilities: BackendCapabilities
    /// The file or in-memory database the URL named.
    public let location: SQLiteLocation
    /// The mode, busy timeout, reader count and statement-cache size it was opened with.
    public let options: SQLiteOptions
    /// The path SQLite opened (`:memory:` in memory).
    public let path: String

    /// Reader connections next to the writer: 0 in memory, where one connection does everything.
    public var readerCount: Int { readers?.connections.count ?? 0 }

    let writer: SQLiteConnectionPool
    let readers: SQLiteConnectionPool?
    private let writerConnection: SQLiteConnection
    private let shutdownTask = Mutex<Task<Void, Never>?>(nil)
    private let logger: Logger
    /// The repository statements' texts, shared by every ``entityStore`` this backend makes.
    private let entityTexts = SQLEntityStore.TextCache()

    private init(
        name: String, url: BackendURL, location: SQLiteLocation, options: SQLiteOptions, path: String,
        writer: SQLiteConnection, readers: [SQLiteConnection], logger: Logger
    ) {
        self.name = name
        self.redactedURL = url.redacted
        self.location = location
        self.options = options
        self.path = path
        self.writerConnection = writer
        self.writer = SQLiteConnectionPool([writer], backendName: name)
        self.readers = readers.isEmpty ? nil : SQLiteConnectionPool(readers, backendName: name)
        self.logger = logger
        var features: BackendCapabilities.Features = [
            .transactions, .savepoints, .streaming, .returning, .upsert, .readOnlyEnforcement, .cancellation, .deadlines,
        ]
        if !readers.isEmpty { features.insert(.concurrentReads) }
        self.capabilities = BackendCapabilities(features: features, languages: [.sql], sqlDialect: SQLiteDialect())
    }

    /// Opens the database `configuration.url` names. Throws `.invalidInput` for a URL it
    /// cannot use and `.connection` (with SQLite's message) for a file it cannot open.
    public static func open(_ configuration: BackendConfiguration) async throws -> SQLiteBackend {
        let name = configuration.name
        do {
            let location = try SQLiteLocation(url: configuration.url)
            let options = try SQLiteOptions(url: configuration.url, settings: configuration.settings)
            let path = location.openPath()
            let writer = try await SQLiteConnection.open(
                path: path, role: .writer, options: options, isMemory: location.isMemory, backendName: name)
            var readers: [SQLiteConnection] = []
            if !location.isMemory {
                do {
                    for index in 1...options.readerCount {
                        readers.append(
                            try await SQLiteConnection.open(
                                path: path, role: .reader(index), options: options, isMemory: false, backendName: name))
                    }
                } catch {
                    for connection in [writer] + readers { await connection.close() }
                    throw error
                }
            }
            configuration.logger.debug(
                "opened SQLite database", metadata: ["path": "\(path)", "readers": "\(readers.count)", "mode": "\(options.mode.rawValue)"])
            return SQLiteBackend(
                name: name, url: configuration.url, location: location, options: options, path: path, writer: writer,
                readers: readers, logger: configuration.logger)
        } catch let error as SwitchyardError {
            throw error.attributed(to: name)
        }
    }

    /// Opens `url` under `name`: a shorthand for tests and scripts.
    public static func open(name: String, url: String, settings: [String: String] = [:]) async throws -> SQLiteBackend {
        try await open(BackendConfiguration(name: name, url: BackendURL(url), settings: settings))
    }

    // MARK: Queries

    /// Runs `statement` on a reader when it only reads, on the writer otherwise; inside a
    /// ``withTransaction(_:)`` body, on the transaction's connection.
    nonisolated(nonsending) public func query(_ statement: Statement, options: QueryOptions) async throws -> ResultSet {
        if let transaction = SQLiteTransaction.current, transaction.backendID == ObjectIdentifier(self), !transaction.hasEnded {
            return try await transaction.query(statement, options: options)
        }
        try ensureOpen(statement.text)
        guard statement.language == .sql else {
            throw SwitchyardError(.unsupported, "SQLite runs SQL, not \(statement.language)", backend: name, statement: statement.text)
        }
        // Read-only requests always go to a reader when there is one: reader connections are
        // opened SQLITE_OPEN_READONLY, so nothing they run can write.
        let isRead = isReadRequest(statement, options)
        var heldReaderRefused = false
        if isRead, let session = SQLiteReaderSession.current, session.backendID == ObjectIdentifier(self), !session.hasEnded {
            if let result = try await session.startRead(statement, options: options) { return result }
            // Another reader would refuse it too (and the session may hold the only one): the writer decides.
            heldReaderRefused = true
        }
        if let readers, isRead, !heldReaderRefused {
            let reader = try await readers.acquire(for: options)
            if let result = try await reader.startQuery(statement, options: options, owner: .pool(readers), onReader: true) {
                return result
            }
        }
        let connection = try await writer.acquire(for: options)
        guard let result = try await connection.startQuery(statement, options: options, owner: .pool(writer), onReader: false) else {
            throw SwitchyardError(.database, "internal error: the writer refused a statement", backend: name, statement: statement.text)
        }
        return result
    }

    /// Whether `statement` goes to a reader: read-only requests always do; otherwise reads
    /// do unless a `BEGIN` sent through `query` left a transaction open on the writer.
    private func isReadRequest(_ statement: Statement, _ options: QueryOptions) -> Bool {
        options.readOnly
            || (!writerConnection.hasOpenManualTransaction.load(ordering: .relaxed) && StatementKind.classify(sql: statement.text) == .read)
    }

    /// A read started on `session`'s reader; `nil` when the statement is not a read, or the
    /// reader refused it (it writes, or needs a table only the writer has).
    func readOnHeldReader(_ session: SQLiteReaderSession, _ statement: Statement, options: QueryOptions) async throws -> ResultSet? {
        guard statement.language == .sql, !session.hasEnded, SQLiteTransaction.current == nil else { return nil }
        try ensureOpen(statement.text)
        guard isReadRequest(statement, options) else { return nil }
        return try await session.startRead(statement, options: options)
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction on the writer: commits when it
    /// returns, rolls back when it throws (and rethrows). Called inside another
    /// transaction's body, it becomes a savepoint of that transaction.
    public func withTransaction<T: Sendable>(_ body: @Sendable (any QueryExecutor) async throws -> T) async throws -> T {
        if let outer = SQLiteTransaction.current, outer.backendID == ObjectIdentifier(self), !outer.hasEnded {
            return try await outer.withSavepoint(body)
        }
        try ensureOpen(nil)
        let connection = try await writer.acquire()
        let transaction = SQLiteTransaction(connection: connection, backendID: ObjectIdentifier(self))
        defer { writer.release(connection) }
        // The body runs on the writer's own thread, so its statements call SQLite directly.
        return try await withTaskExecutorPreference(connection.thread) {
            if connection.hasOpenManualTransaction.load(ordering: .relaxed) {
                // A plain `BEGIN` (an operator's) left a transaction open: the body joins it as a
                // savepoint, as on PostgreSQL, and that transaction's COMMIT or ROLLBACK decides.
                return try await SQLiteTransaction.$current.withValue(transaction) { try await transaction.withSavepoint(body) }
            }
            try await transaction.begin()
            do {
                let result = try await SQLiteTransaction.$current.withValue(transaction) {
                    try await body(transaction)
                }
                try await transaction.commit()
                return result
            } catch {
                await transaction.rollback()
                throw error
            }
        }
    }

    /// Runs `body` holding one reader connection: reads inside it — through the executor
    /// it is given, or through `query` on this backend, a repository or an orchestrator
    /// called from the body — run on that reader, with no pool checkout per statement. The
    /// body is given the reader's thread as its task executor preference, so its reads can
    /// run there without a hand-off (see Benchmarks/README.md for what it measures).
    ///
    /// For a series of small reads by one task (lookups in a loop, a request handler's
    /// reads). Each statement sees the latest committed data (no snapshot spans the body
    /// unless it sends `BEGIN` itself). Writes inside the body go to the writer as usual.
    /// Read results inside the body: a result still open when it returns is closed. Inside
    /// ``withTransaction(_:)``, or in memory (one connection), `body` runs as it is.
    ///
    /// ```swift
    /// let names = try await backend.withReader { reader in
    ///     try await ids.asyncMap { try await reader.query("SELECT name FROM users WHERE id = ?", [$0]).collect() }
    /// }
    /// ```
    public func withReader<T: Sendable>(_ body: @Sendable (any QueryExecutor) async throws -> T) async throws -> T {
        let id = ObjectIdentifier(self)
        if let transaction = SQLiteTransaction.current, transaction.backendID == id, !transaction.hasEnded {
            return try await body(transaction)
        }
        if let session = SQLiteReaderSession.current, session.backendID == id, !session.hasEnded {
            return try await body(session)
        }
        try ensureOpen(nil)
        guard let readers else { return try await body(self) }
        let connection = try await readers.acquire()
        let session = SQLiteReaderSession(connection: connection, backend: self)
        defer { readers.release(connection) }
        return try await withTaskExecutorPreference(connection.thread) {
            do {
                let result = try await SQLiteReaderSession.$current.withValue(session) { try await body(session) }
                _ = try? await connection.run { session.end() }
                return result
            } catch {
                _ = try? await connection.run { session.end() }
                throw error
            }
        }
    }

    /// Runs `body` as it is: nothing makes a series of SQLite reads cheaper than they already
    /// are. A cached read starts on the calling task's thread, with no hand-off, and takes its
    /// reader from the pool with one uncontended lock; holding a reader for the body, with the
    /// body on the reader's thread, measured slower (every `await` in the body then checks the
    /// task's preferred executor; Benchmarks/README.md, fix 38). Use ``withReader(_:)`` for a
    /// body that wants all its reads on one connection.
    public func withSession<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await body()
    }

    /// Repository support through ``SQLEntityStore`` in the ``SQLiteDialect``; its statement texts are
    /// kept once per backend.
    public var entityStore: (any EntityStore)? {
        SQLEntityStore(dialect: SQLiteDialect(), executor: self, texts: entityTexts)
    }

    // MARK: Health and lifecycle

    /// Runs `SELECT 1`; healthy when it answers, with the round trip as latency. Down too when
    /// the database file was deleted, renamed or replaced while open (writes are then refused).
    public func health() async -> HealthStatus {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try await query(Statement("SELECT 1")).collect()
            if let readers {
                let reader = try await readers.acquire()
                defer { readers.release(reader) }
                let moved = try await reader.run { reader.databaseFileHasMoved ? reader.databaseFileMovedError(statement: nil) : nil }
                if let moved { return HealthStatus(isHealthy: false, latency: clock.now - start, message: "\(moved)") }
            }
            return HealthStatus(isHealthy: true, latency: clock.now - start)
        } catch {
            return HealthStatus(isHealthy: false, latency: clock.now - start, message: "\(error)")
        }
    }

    /// Waits for checked-out connections, finalizes cached statements, closes every
    /// handle and stops the connection threads. Later calls throw `.connection`.
    public func shutdown() async {
        let task = shutdownTask.withLock { task -> Task<Void, Never> in
            if let task { return task }
            let made = Task { [writer, readers, logger, name] in
                // Readers first: the last connection to close checkpoints the WAL and removes the
                // -wal and -shm files, which a read-only reader cannot do.
                var connections = await readers?.close() ?? []
                connections += await writer.close()
                for connection in connections { await connection.close() }
                logger.debug("closed SQLite backend", metadata: ["backend": "\(name)"])
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
