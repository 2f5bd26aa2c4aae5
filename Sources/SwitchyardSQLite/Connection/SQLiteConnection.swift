import CSQLite
import Switchyard
import Synchronization

/// One SQLite connection: its handle, the thread its calls run on, its
/// prepared-statement cache.
///
/// `@unchecked Sendable`, and why that is safe: the mutable parts — the handle's
/// SQLite state, the ``SQLiteStatementCache`` and the inline budget — are only touched
/// by the connection's holder, one call at a time (see ``SQLiteHandle``): jobs running
/// on ``thread``, or a cached read run inline by the task holding a reader
/// (``runInline(_:)``). Everything touched from other threads is either immutable or
/// atomic (``hasOpenManualTransaction``). Methods marked "on the connection thread"
/// must only be called by the holder.
final class SQLiteConnection: @unchecked Sendable {
    /// What the connection is for.
    enum Role: Sendable, Hashable {
        case writer
        case reader(Int)
    }

    let handle: SQLiteHandle
    let thread: ConnectionThread
    let backendName: String
    let role: Role
    /// Whether a `BEGIN` sent through a plain query left a transaction open on this
    /// connection; reads then go here too, so they see that transaction's writes.
    let hasOpenManualTransaction = Atomic<Bool>(false)
    private let cache: SQLiteStatementCache
    private let busyTimeoutMilliseconds: Int32

    /// How long a read may run on the caller's thread (``runInline(_:)``) before it is
    /// stopped and run again on the connection thread: about a batch of a few hundred
    /// small rows, while a point lookup takes a few microseconds.
    static let inlineBudgetNanoseconds: Int64 = 200_000
    /// The work an inline batch may do, in SQLite's virtual-machine instructions (counted,
    /// not timed, so a thread descheduled meanwhile does not end a batch early): about
    /// 200 µs of a plain scan's stepping on this project's machines, some 2,000 rows.
    static let inlineBatchInstructions: Int64 = 40_000
    /// Runs on the connection thread, after a statement ran past the inline budget,
    /// before it is tried inline again.
    static let threadRunsAfterOverrun = 64

    private init(handle: SQLiteHandle, thread: ConnectionThread, backendName: String, role: Role, options: SQLiteOptions) {
        self.handle = handle
        self.thread = thread
        self.backendName = backendName
        self.role = role
        self.cache = SQLiteStatementCache(capacity: options.statementCacheSize)
        self.busyTimeoutMilliseconds = Int32(clamping: options.busyTimeoutMilliseconds)
    }

    /// Opens `path` on a new connection thread and applies the connection settings.
    static func open(path: String, role: Role, options: SQLiteOptions, isMemory: Bool, backendName: String) async throws -> SQLiteConnection {
        let thread = ConnectionThread(name: "sqlite \(backendName) \(role)", stackSize: 4 << 20)  // SQLite's parser and JSON recurse
        do {
            let handle = try await thread.run {
                try openHandle(path: path, role: role, options: options, isMemory: isMemory, backendName: backendName)
            }
            return SQLiteConnection(handle: handle, thread: thread, backendName: backendName, role: role, options: options)
        } catch {
            await thread.stop()
            throw error
        }
    }

    /// On the connection thread: `sqlite3_open_v2` plus settings; closes the handle again on failure.
    private static func openHandle(path: String, role: Role, options: SQLiteOptions, isMemory: Bool, backendName: String) throws -> SQLiteHandle {
        guard sqlite3_threadsafe() != 0 else {
            throw SwitchyardError(
                .connection, "the system libsqlite3 was built without thread support (SQLITE_THREADSAFE=0)", backend: backendName)
        }
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch (role, options.mode) {
        case (.reader, _), (_, .readOnly): flags |= SQLITE_OPEN_READONLY
        case (.writer, .readWrite): flags |= SQLITE_OPEN_READWRITE
        case (.writer, .readWriteCreate): flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var pointer: OpaquePointer?
        let code = sqlite3_open_v2(path, &pointer, flags, nil)
        guard code == SQLITE_OK, let pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(pointer)
            throw SwitchyardError(
                .connection, "cannot open SQLite database '\(path)': \(message)", backend: backendName,
                code: SQLiteResultCode(code).description)
        }
        let handle = SQLiteHandle(pointer)
        do {
            sqlite3_extended_result_codes(pointer, 1)
            // `WHERE "nmae" = 'x'` fails as an unknown column rather than comparing two strings.
            switchyard_sqlite3_disable_dqs_dml(pointer)
            sqlite3_busy_timeout(pointer, Int32(clamping: options.busyTimeoutMilliseconds))
            // Reading the schema also proves the file is a database (SQLITE_NOTADB otherwise).
            try execute("SELECT count(*) FROM sqlite_schema", on: handle, backendName: backendName)
            if role == .writer, options.mode != .readOnly, !isMemory {
                try execute("PRAGMA journal_mode = WAL", on: handle, backendName: backendName)
            }
            // On every connection, so `PRAGMA foreign_keys` reads the same wherever it runs.
            try execute("PRAGMA foreign_keys = ON", on: handle, backendName: backendName)
        } catch var error as SwitchyardError {
            sqlite3_close_v2(pointer)
            if error.kind != .busy { error.kind = .connection }
            error.message = "cannot open SQLite database '\(path)': \(error.message)"
            throw error
        }
        return handle
    }

    /// On the connection thread: whether the database file this connection has open was
    /// deleted, renamed or replaced since it was opened (`SQLITE_FCNTL_HAS_MOVED`: one `stat`
    /// of its path). SQLite goes on with the file it has open; in WAL mode it even accepts
    /// writes into a deleted file, which are lost with it. Always false in memory.
    var databaseFileHasMoved: Bool {
        var moved: Int32 = 0
        return sqlite3_file_control(handle.pointer, "main", SQLITE_FCNTL_HAS_MOVED, &moved) == SQLITE_OK && moved != 0
    }

    /// The error for a write refused because ``databaseFileHasMoved``.
    func databaseFileMovedError(statement: String?) -> SwitchyardError {
        let path = sqlite3_db_filename(handle.pointer, "main").map { String(cString: $0) } ?? "the database file"
        return SwitchyardError(
            .connection, "the database file '\(path)' was deleted, renamed or replaced while open: writes to it would be lost, so they are refused",
            backend: backendName, statement: statement, code: SQLiteResultCode.readOnlyDatabaseMoved.description,
            hint: "put the file back, or reopen the backend (restart the service or the REPL) to use the file now at that path")
    }

    /// On any thread: runs `body` on the connection thread and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await thread.run(body)
    }

    /// Runs `body` on the caller's thread, the connection's holder, with SQLite told to
    /// stop a statement that has not produced a row when ``inlineBudgetNanoseconds`` have
    /// passed (`SQLITE_INTERRUPT`, and ``inlineBudgetRanOut`` true; after its first row the
    /// cursor switches to the soft budget, ``softenInlineBudget()``) and not to wait for a
    /// lock (`SQLITE_BUSY` at once); both are restored before it returns.
    ///
    /// This is how a reader's cached reads skip the two thread hand-offs a job costs: a
    /// read in WAL mode never waits for a writer, so what it does is CPU work, bounded by
    /// the budget like any other work on Swift's pool. Only for a reader checked out of
    /// its pool by the caller (nothing else can use it meanwhile), and only for reads,
    /// which can be run again from the start on the thread when the budget runs out.
    func runInline<T>(_ body: () throws -> T) rethrows -> T {
        switchyard_sqlite3_budget_begin(handle.pointer, handle.progress, Self.inlineBudgetNanoseconds)
        defer { switchyard_sqlite3_budget_end(handle.pointer, handle.progress, busyTimeoutMilliseconds) }
        return try body()
    }

    /// Runs `body` — the next batch of a read that started inline — on the caller's thread
    /// under a soft budget: after ``inlineBatchInstructions`` of SQLite's virtual-machine
    /// instructions ``inlineBudgetRanOut`` turns true, for the batch to end at the next row,
    /// and the statement goes on.
    func runInlineBatch<T>(_ body: () throws -> T) rethrows -> T {
        switchyard_sqlite3_soft_budget_begin(handle.progress, Self.inlineBatchInstructions / 1000)
        defer { switchyard_sqlite3_soft_budget_end(handle.progress) }
        return try body()
    }

    /// Inside ``runInline(_:)``, once the statement has produced a row: the rest of its batch
    /// runs under an inline batch's soft budget (see ``runInlineBatch(_:)``) instead of the
    /// deadline that stops it. Waiting for a lock stays off until the inline scope ends.
    func softenInlineBudget() {
        switchyard_sqlite3_soft_budget_begin(handle.progress, Self.inlineBatchInstructions / 1000)
    }

    /// Whether the statement running under ``runInline(_:)`` was stopped for its budget.
    var inlineBudgetRanOut: Bool { handle.progress.pointee.fired != 0 }

    // MARK: On the connection thread

    /// Prepares the first statement of `text` from byte `offset`, or takes it from the
    /// cache when `offset` is 0 and the text was seen before.
    ///
    /// Returns `nil` when only whitespace or comments remain, and the byte offset
    /// where the next statement starts.
    func prepare(_ text: inout SQLiteStatementText, from offset: Int) throws -> (statement: SQLitePreparedStatement?, tail: Int) {
        if offset == 0, let cached = cache.checkout(text.string) {
            return (cached, text.byteCount)
        }
        if offset == 0, text.string.utf8.contains(0) {
            // SQLite stops reading at a NUL: whatever follows would silently not run.
            throw SwitchyardError(.invalidInput, "the statement text contains a NUL character", backend: backendName, statement: text.string)
        }
        let cacheable = offset == 0 && cache.accepts(text.string)
        var pointer: OpaquePointer?
        var tailOffset = text.byteCount
        let flags = UInt32(cacheable ? SQLITE_PREPARE_PERSISTENT : 0)
        let code = text.withCString(from: offset) { start, count in
            var tail: UnsafePointer<CChar>?
            // count + 1 takes in the terminating NUL, which spares SQLite a copy.
            let code = sqlite3_prepare_v3(handle.pointer, start, Int32(clamping: count + 1), flags, &pointer, &tail)
            if let tail { tailOffset = offset + (tail - start) }
            return code
        }
        guard code == SQLITE_OK else {
            throw SwitchyardError.sqlite(
                code, handle: handle, duringPrepare: true, backend: backendName, statement: text.string, pieceOffset: offset)
        }
        guard let pointer else { return (nil, tailOffset) }
        let isWholeText = cacheable && !text.hasStatement(from: tailOffset)
        let sql = isWholeText ? text.string : String(cString: sqlite3_sql(pointer))
        let statement = SQLitePreparedStatement(pointer: pointer, sql: sql, isCached: isWholeText)
        if isWholeText {
            cache.insert(statement)
            return (statement, text.byteCount)
        }
        statement.isInUse = true
        return (statement, tailOffset)
    }

    /// For ``runInline(_:)``: the cached statement for the whole of `text`, checked out;
    /// `nil` when there is none to use (not prepared yet, in use, or resting after an overrun).
    func cachedForInline(_ text: SQLiteStatementText) -> SQLitePreparedStatement? {
        cache.checkoutForInline(text.string)
    }

    /// Gives a statement back after use.
    func checkin(_ statement: SQLitePreparedStatement) {
        cache.checkin(statement)
    }

    /// Runs `sql` (no parameters) to completion, through the statement cache; for
    /// transaction control (`BEGIN IMMEDIATE`, `COMMIT`, savepoints).
    func execute(_ sql: String) throws {
        var text = SQLiteStatementText(sql)
        guard let statement = try prepare(&text, from: 0).statement else { return }
        defer { checkin(statement) }
        var code: Int32
        repeat { code = sqlite3_step(statement.pointer) } while code == SQLITE_ROW
        guard code == SQLITE_DONE else {
            throw SwitchyardError.sqlite(code, handle: handle, duringPrepare: false, backend: backendName, statement: sql)
        }
    }

    /// Runs `sql` to completion on a handle that has no connection (and no cache) yet.
    private static func execute(_ sql: String, on handle: SQLiteHandle, backendName: String) throws {
        var statement: OpaquePointer?
        var code = sqlite3_prepare_v2(handle.pointer, sql, -1, &statement, nil)
        guard code == SQLITE_OK else {
            throw SwitchyardError.sqlite(code, handle: handle, duringPrepare: true, backend: backendName, statement: sql)
        }
        defer { sqlite3_finalize(statement) }
        repeat { code = sqlite3_step(statement) } while code == SQLITE_ROW
        guard code == SQLITE_DONE else {
            throw SwitchyardError.sqlite(code, handle: handle, duringPrepare: false, backend: backendName, statement: sql)
        }
    }

    /// Whether a transaction is open on the connection.
    var isInTransaction: Bool { sqlite3_get_autocommit(handle.pointer) == 0 }

    /// Records, after a plain query, whether it left a transaction open (see ``hasOpenManualTransaction``).
    func noteManualTransactionState() {
        let open = isInTransaction
        hasOpenManualTransaction.store(open, ordering: .relaxed)
    }

    // MARK: Closing

    /// Finalizes cached statements, closes the handle and stops the thread.
    /// Call only once no operation uses the connection.
    func close() async {
        _ = try? await run { [self] in
            cache.removeAll()
            sqlite3_close_v2(handle.pointer)
        }
        await thread.stop()
    }
}

extension SQLiteConnection.Role: CustomStringConvertible {
    var description: String {
        switch self {
        case .writer: "writer"
        case .reader(let n): "reader \(n)"
        }
    }
}
