import CSQLite
import Switchyard
import Synchronization

/// Runs the text of one request on one connection and reads its rows in batches.
///
/// A text of several statements (`INSERT …; SELECT …`) runs all but the last to
/// completion; the last one is streamed. `@unchecked Sendable` because it is
/// confined: once created, its mutable state is only read and written by its
/// connection's holder, one call at a time — jobs on the connection's thread, or the
/// task holding the result, which starts a read inline (``start(bindings:onReader:inline:)``)
/// and reads its later batches inline (``nextBatchInline()``) only while no job of the
/// cursor's is queued (it awaited every one it sent); other threads only pass the
/// reference along to such jobs or touch its immutable ``operation``.
final class SQLiteCursor: @unchecked Sendable {
    /// Who takes the connection back when the cursor closes.
    enum Owner: Sendable {
        /// A plain query: the connection returns to its pool.
        case pool(SQLiteConnectionPool)
        /// A statement inside ``SQLiteBackend/withTransaction(_:)``: the transaction keeps it.
        case transaction(SQLiteTransactionState)
    }

    /// Rows read in one hop to the connection thread.
    typealias Batch = RowBatch

    /// How starting went.
    enum Start: Sendable {
        case started(Columns, Batch)
        /// The text cannot run on a reader (it writes, or holds several statements); the reader is released.
        case needsWriter
        /// An inline start left the work to the connection thread: the text is not prepared
        /// yet, or it ran past the inline budget (then it is reset, still bound). Call
        /// ``start(bindings:onReader:inline:)`` again there, without `inline`.
        case onThread
    }

    /// Rows in the first batch: large enough to amortise the thread hop, small enough to bound memory.
    static let batchSize = 256
    /// Rows in later batches, reached by doubling: every batch costs two thread wake-ups
    /// (measured at about as much CPU as stepping 256 rows), so a long result takes bigger
    /// steps while memory stays bounded.
    static let largestBatchSize = 2048

    let connection: SQLiteConnection
    let operation: SQLiteOperation
    private let owner: Owner
    // Confined (see above), so the two fields every start passes `inout` or reads in a
    // closure skip the run-time exclusivity check.
    @exclusivity(unchecked) private var text: SQLiteStatementText
    private let readOnly: Bool
    @exclusivity(unchecked) private var statement: SQLitePreparedStatement?
    /// Byte offset of the current statement in the text, for error positions.
    private var statementOffset = 0
    private var summary = ExecutionSummary()
    /// The columns of the streamed statement, known after its first step.
    private var columns = Columns.empty
    private var isClosed = false
    /// Set when the cursor's transaction ended before the result was read to the end.
    private var wasCutByTransactionEnd = false
    /// Whether the connection is a reader (opened `SQLITE_OPEN_READONLY`).
    private var onReader = false
    /// Rows the next batch may hold (see ``largestBatchSize``).
    private var batchLimit = SQLiteCursor.batchSize
    /// Builds each batch in the last one's buffer once its rows are gone. Confined like `text`:
    /// its mutating calls skip the run-time exclusivity check (≈ 300 instructions a lookup).
    @exclusivity(unchecked) private var batches = RowBatchRecycler()
    /// Set while an inline start runs: a budget overrun or a busy database resets the statement for the thread.
    private var isInlineStart = false
    /// Set while an inline batch runs: the batch ends at the row where the soft budget ran out.
    private var isInlineBatch = false
    /// While an inline start or batch runs, closing leaves the pool release to ``endInline()``,
    /// which runs after SQLite's inline settings are restored.
    private var isInline: Bool { isInlineStart || isInlineBatch }
    /// Whether later batches are read on the holder's thread: a read on a reader checked out
    /// of its pool, until a batch finds its rows too slow to step there.
    private var readsInline = false
    private var releaseAfterInline = false
    /// Set when an inline start ran past its budget: the statement is bound and reset, ready to step.
    private var isBoundForRestart = false

    /// Whether the holder is reading a batch on its own thread, and whether a release came
    /// meanwhile (another task's `cancel()`, or the stream's deinit): the one part of the
    /// cursor's state other threads write, so behind a lock. A release then leaves closing to the
    /// holder, once its batch is done: closed on the connection's thread meanwhile, the
    /// statement would be reset under the step.
    private struct InlineReading {
        var isReading = false
        var releaseRequested = false
    }
    private let inlineReading = Mutex(InlineReading())

    init(connection: SQLiteConnection, operation: SQLiteOperation, owner: Owner, text: String, readOnly: Bool) {
        self.connection = connection
        self.operation = operation
        self.owner = owner
        self.text = SQLiteStatementText(text)
        self.readOnly = readOnly
    }

    private var handle: SQLiteHandle { connection.handle }

    // MARK: Jobs (on the connection thread)

    /// Prepares, binds and steps the first batch. On a reader, gives up (`.needsWriter`)
    /// for anything `sqlite3_stmt_readonly` does not vouch for — unless the request is
    /// read-only, which then stays on the reader and is refused there if it writes.
    ///
    /// `inline` (a reader checked out of its pool, inside ``SQLiteConnection/runInline(_:)``
    /// on the caller's thread): only a text already in the statement cache runs, and one
    /// that runs past the budget or finds the database busy is reset for a restart;
    /// both come back `.onThread`. Call ``endInline()`` after the inline scope.
    func start(bindings: [Value], onReader: Bool, inline: Bool = false) throws -> Start {
        self.onReader = onReader
        if isBoundForRestart {
            isBoundForRestart = false
            return try job {
                let first = try step() ?? finishedBatch
                readsInline = readsLaterBatchesInline(after: first)
                return .started(columns, first)
            }
        }
        isInlineStart = inline
        return try job {
            if case .transaction(let transaction) = owner {
                guard !transaction.hasEnded else {
                    throw failure(.invalidInput, "the transaction has ended; run statements inside the withTransaction body")
                }
                transaction.opened(self)
            }
            try checkPolicy(from: 0)
            let prepared: (statement: SQLitePreparedStatement?, tail: Int)
            if inline {
                guard let cached = connection.cachedForInline(text) else { return .onThread }
                prepared = (cached, text.byteCount)
            } else {
                do {
                    prepared = try connection.prepare(&text, from: 0)
                } catch let error as SwitchyardError where onReader && error.message.hasPrefix("no such table") {
                    // Temp tables and attached databases exist on the writer only: let it decide.
                    close()
                    return .needsWriter
                }
            }
            guard var current = prepared.statement else {
                close()
                return .started(Columns.empty, finishedBatch)
            }
            statement = current
            var next = prepared.tail
            var hasMore = text.hasStatement(from: next)
            if onReader, !readOnly, hasMore || !current.isReadOnly {
                close()
                return .needsWriter
            }
            if hasMore, !bindings.isEmpty {
                throw failure(
                    .invalidInput, "values can only be bound to a text of one statement; this one holds several",
                    hint: "send the statements one at a time")
            }
            try check(current, bindings: bindings)
            if let (code, index) = current.bind(bindings) {
                throw failure(
                    .invalidInput, "cannot bind value \(index): \(SQLiteValueBinder.failure(code, binding: bindings[index - 1]))",
                    code: SQLiteResultCode(code))
            }
            while hasMore {
                try runToCompletion(current)
                connection.checkin(current)
                statement = nil
                try checkInterruption()
                statementOffset = next
                try checkPolicy(from: next)
                let prepared = try connection.prepare(&text, from: next)
                guard let following = prepared.statement else { break }
                current = following
                statement = current
                next = prepared.tail
                hasMore = text.hasStatement(from: next)
                try check(current, bindings: [])
            }
            guard let first = try step() else {
                isBoundForRestart = true
                return .onThread
            }
            readsInline = readsLaterBatchesInline(after: first)
            return .started(columns, first)
        }
    }

    /// Whether the batches after `first` are read on the holder's thread: on a reader checked out
    /// of its pool (nothing else uses it), wherever the read started — inline, or on the
    /// thread because its text was not prepared on this reader yet (each reader has a cache
    /// of its own) or its first row came late. A first batch cut short by the inline budget,
    /// as an inline batch would be, says its rows step slowly: they stay on the thread.
    private func readsLaterBatchesInline(after first: Batch) -> Bool {
        guard onReader, case .pool = owner else { return false }
        return first.isFinished || first.rows.count >= Self.leastInlineBatch
    }

    /// After an inline start, with SQLite's inline settings restored: gives the connection
    /// back if the cursor closed meanwhile (its result was read whole, or it failed).
    func endInline() {
        isInlineStart = false
        isInlineBatch = false
        guard releaseAfterInline, case .pool(let pool) = owner else { return }
        releaseAfterInline = false
        pool.release(connection)
    }

    /// Rows an inline batch must reach before its soft budget runs out for later batches to
    /// stay inline: fewer means steps slow enough (a filter skipping many rows) to belong on
    /// the connection's thread.
    static let leastInlineBatch = 64
    /// Inline batches a reader reads before it lets other tasks run (``readBatch()``).
    static let inlineBatchesBetweenYields = 8
    /// Batches read inline so far.
    private(set) var inlineBatchesRead = 0

    /// The next batch read on the caller's thread — the result's holder — for a read on a
    /// pooled reader: a scan's batches then cost no thread hand-off, and its rows are made
    /// and freed on one thread. The batch ends where the inline budget runs out (a soft
    /// one: the statement goes on from that row next time). `nil` when the batch has to
    /// be read on the connection's thread.
    func nextBatchInline() throws -> Batch? {
        // Released already: its close is queued on the connection's thread; read there, after it.
        guard readsInline, inlineReading.withLock({ state in
            guard !state.releaseRequested else { return false }
            state.isReading = true
            return true
        }) else { return nil }
        defer {
            if inlineReading.withLock({ state in
                state.isReading = false
                return state.releaseRequested
            }) {
                close()
            }
        }
        guard !isClosed, !connection.thread.isCurrent else { return nil }
        isInlineBatch = true
        defer { endInline() }
        let batch = try connection.runInlineBatch { try nextBatch() }
        inlineBatchesRead += 1
        if !batch.isFinished, batch.rows.count < Self.leastInlineBatch { readsInline = false }
        return batch
    }

    /// Steps the next batch.
    func nextBatch() throws -> Batch {
        if wasCutByTransactionEnd {
            throw failure(
                .invalidInput, "the transaction ended before this result was read",
                hint: "read results inside the withTransaction body")
        }
        guard !isClosed else { return finishedBatch }
        return try job { try step() ?? finishedBatch }
    }

    /// From any thread, for ``release()``: notes the release and says whether to close on the
    /// connection's thread now — not while the holder reads a batch on its own thread, which
    /// closes the cursor itself when the batch is done.
    func releaseUnlessReading() -> Bool {
        inlineReading.withLock { state in
            state.releaseRequested = true
            return !state.isReading
        }
    }

    /// Closes the cursor because its transaction is committing or rolling back.
    func closeForTransactionEnd() {
        guard !isClosed else { return }
        wasCutByTransactionEnd = true
        close()
    }

    /// Resets the statement and hands the connection back. Safe to call more than once.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        batches.removeAll()
        if let statement { connection.checkin(statement) }
        statement = nil
        operation.end()
        switch owner {
        case .pool(let pool):
            if onReader {
                // A BEGIN sent to a reader must not pin an old snapshot for its next user.
                if connection.isInTransaction { try? connection.execute("ROLLBACK") }
            } else {
                connection.noteManualTransactionState()
            }
            if isInline { releaseAfterInline = true } else { pool.release(connection) }
        case .transaction(let transaction):
            transaction.closed(self)
        }
    }

    // MARK: Steps

    /// An empty last batch: the statement is done.
    private var finishedBatch: Batch { Batch(rows: [], isFinished: true, summary: summary) }

    /// Runs `body` as one job of this operation: refuses to start when the operation was
    /// interrupted, and closes the cursor when `body` throws.
    private func job<T>(_ body: () throws -> T) throws -> T {
        do {
            if let interruption = operation.startJob() {
                throw SwitchyardError.sqliteInterrupted(interruption, backend: connection.backendName, statement: text.string)
            }
            defer { operation.finishJob() }
            return try body()
        } catch {
            close()
            throw error
        }
    }

    private func checkInterruption() throws {
        if let interruption = operation.interruption {
            throw SwitchyardError.sqliteInterrupted(interruption, backend: connection.backendName, statement: text.string)
        }
    }

    /// Refuses, before it is even prepared, a statement a read-only request may not run
    /// although SQLite calls it read-only (see ``SQLiteReadOnlyPolicy``).
    private func checkPolicy(from offset: Int) throws {
        guard readOnly else { return }
        let statement = offset == 0 ? Substring(text.string) : Substring(text.remainder(from: offset))
        if let refusal = SQLiteReadOnlyPolicy.refusal(of: statement) {
            throw failure(.readOnly, "refusing a statement in a read-only request: \(refusal)")
        }
    }

    /// Refuses a statement that the request may not run, before it runs.
    private func check(_ statement: SQLitePreparedStatement, bindings: [Value]) throws {
        if readOnly, !statement.isReadOnly {
            throw failure(
                .readOnly, "refusing a statement that writes: the request is read-only",
                hint: "SQLite reports that this statement can change the database (sqlite3_stmt_readonly)")
        }
        // A write that starts a transaction of its own, or in one opened with a plain `BEGIN`:
        // not into a file deleted or replaced meanwhile. (`withTransaction` checks at its
        // begin and commit, not at each of its statements: a bulk load stats no file per row.)
        if !onReader, !statement.isReadOnly,
            sqlite3_get_autocommit(connection.handle.pointer) != 0 || connection.hasOpenManualTransaction.load(ordering: .relaxed),
            connection.databaseFileHasMoved
        {
            throw connection.databaseFileMovedError(statement: text.string)
        }

        if bindings.count != statement.parameterCount {
            let wanted = statement.parameterCount
            throw failure(
                .invalidInput,
                "the statement has \(wanted) parameter\(wanted == 1 ? "" : "s") but \(bindings.count) value\(bindings.count == 1 ? " was" : "s were") bound")
        }
    }

    /// Steps up to `batchLimit` rows of the current statement; closes the cursor when it is done.
    /// `nil` when an inline start ran past its budget or found the database busy: the
    /// statement is then reset (still bound) and its rows dropped, to run again on the thread.
    private func step() throws -> Batch? {
        guard let statement else {
            close()
            return finishedBatch
        }
        let pointer = statement.pointer
        var code = sqlite3_step(pointer)
        if summary.rowsReturned == 0 {
            // A schema change makes SQLite re-prepare during the first step.
            statement.refreshColumnsIfReprepared()
            columns = statement.columns
        }
        // The batch's values share one buffer. A batch after a full one will likely fill too:
        // size it once (a first batch is often one row).
        var builder = batches.builder(columns: statement.columns, reservingRows: summary.rowsReturned > 0 ? batchLimit : 1)
        while code == SQLITE_ROW {
            statement.appendRow(to: &builder)
            guard builder.count < batchLimit, !(isInlineBatch && connection.inlineBudgetRanOut) else { break }
            if isInlineStart, !isInlineBatch {
                // From its first row on, an inline start's batch is an inline batch: it ends at
                // a row when its budget runs out. Stopped, the statement would be run again on
                // the thread from the start, with every later batch read there (a scan whose
                // first batch outlasted the timed budget then paid a hand-off per batch).
                isInlineBatch = true
                connection.softenInlineBudget()
            }
            code = sqlite3_step(pointer)
        }
        summary.rowsReturned += builder.count
        let rows = batches.rows(of: &builder, isLast: code != SQLITE_ROW)
        switch code {
        case SQLITE_ROW:
            batchLimit = min(batchLimit * 2, Self.largestBatchSize)
            return Batch(rows: rows, isFinished: false, summary: summary)
        case SQLITE_DONE:
            recordChanges(of: statement)
            close()
            return Batch(rows: rows, isFinished: true, summary: summary)
        case SQLITE_INTERRUPT where isInlineStart && !isInlineBatch && connection.inlineBudgetRanOut,
            _ where isInlineStart && code & 0xFF == SQLITE_BUSY:
            sqlite3_reset(pointer)
            summary.rowsReturned = 0
            statement.threadRunsBeforeInline = SQLiteConnection.threadRunsAfterOverrun
            return nil
        default:
            throw stepError(code)
        }
    }

    private func runToCompletion(_ statement: SQLitePreparedStatement) throws {
        var code: Int32
        repeat { code = sqlite3_step(statement.pointer) } while code == SQLITE_ROW
        guard code == SQLITE_DONE else { throw stepError(code) }
        recordChanges(of: statement)
    }

    private func recordChanges(of statement: SQLitePreparedStatement) {
        guard statement.verb.changesRows else { return }
        let changes = Int(sqlite3_changes64(handle.pointer))
        summary.rowsAffected = (summary.rowsAffected ?? 0) + changes
        if statement.verb == .insert, changes > 0 {
            summary.lastInsertedID = .int(sqlite3_last_insert_rowid(handle.pointer))
        }
    }

    private func stepError(_ code: Int32) -> SwitchyardError {
        SwitchyardError.sqlite(
            code, handle: handle, duringPrepare: false, backend: connection.backendName, statement: text.string,
            pieceOffset: statementOffset, interruption: operation.interruption)
    }

    private func failure(_ kind: SwitchyardError.Kind, _ message: String, hint: String? = nil, code: SQLiteResultCode? = nil) -> SwitchyardError {
        SwitchyardError(kind, message, backend: connection.backendName, statement: text.string, code: code?.description, hint: hint)
    }
}
