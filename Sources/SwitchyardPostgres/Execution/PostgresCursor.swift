import CLibPQ
#if canImport(Glibc)
import Glibc
#endif
import Switchyard
import Synchronization

/// Runs one request on one connection and reads its rows in batches, in libpq's
/// single-row mode: the server streams rows as fast as the socket takes them and
/// the cursor keeps at most one batch in memory, so a result of any size runs in
/// bounded memory without a transaction.
///
/// > Note: Measured on this machine for a 1,000,000-row, 4-column scan in binary:
/// > single-row mode 0.45 s, `DECLARE … CURSOR` with `FETCH 1000` 0.46–0.65 s,
/// > `FETCH 10000` 0.45–0.60 s, `FETCH 100000` 0.55–0.80 s (and a cursor needs a
/// > transaction and a round trip per batch). Single-row mode is at least as fast
/// > and simpler, so it is what the adapter uses.
///
/// A text of several statements runs all but the last through the simple protocol;
/// the last one is streamed. `@unchecked Sendable` because it is confined: it is read
/// and closed by its connection's holder, one call at a time — jobs on the connection's
/// thread, or the task holding the result, which starts it directly
/// (``sendDirect(bindings:checkStale:)``) and reads later batches from what has arrived
/// (``nextBatchInline()``) only while no job of the cursor's is queued (it awaited every
/// one it sent); other threads only pass the reference along to such jobs, or note a
/// release under a lock (``release()``).
final class PostgresCursor: @unchecked Sendable {
    /// Who takes the connection back when the cursor closes.
    enum Owner: Sendable {
        /// A plain query: the backend takes it back (to the pool, or keeps it for an open transaction).
        case backend(@Sendable (PostgresConnection) -> Void)
        /// A statement inside a transaction, which keeps the connection.
        case transaction(PostgresTransactionState)
    }

    /// Rows read in one hop to the connection thread.
    typealias Batch = RowBatch

    /// Rows per batch: large enough to amortise the thread hop, small enough to bound memory.
    static let batchSize = 512
    /// Rows in later batches, reached by doubling. A batch read on the connection's thread
    /// costs two thread wake-ups, but most are read by the holder (``nextBatchInline()``),
    /// where a smaller batch's values stay in the processor's cache while the consumer reads
    /// them: 1,024 rows measured a little faster than 4,096 (W2, 0.51 → 0.49 µs per row).
    static let largestBatchSize = 1024
    /// Rows read and dropped before an abandoned result is cancelled on the server instead.
    static let drainLimit = 5_000
    /// How long an abandoned result may send nothing before it is cancelled on the server
    /// instead of drained (a statement that sleeps or computes before its next row).
    static let drainStall = Duration.milliseconds(50)

    let connection: PostgresConnection
    let operation: UInt64
    private let owner: Owner
    private let text: String
    private let readOnly: Bool
    private var pointer: OpaquePointer { connection.handle.pointer }

    /// Known once the statement is described (prepared) or its first result arrives.
    /// Confined (see above), so the two fields every read mutates in place skip the run-time
    /// exclusivity check (≈ 4 per lookup).
    @exclusivity(unchecked) private var decoder: PostgresRowDecoder?
    @exclusivity(unchecked) private var summary = ExecutionSummary()
    /// Whether the server has nothing more to send for this request.
    private var isServerDone = true
    private var failure: SwitchyardError?
    /// Characters before the streamed statement in ``text``.
    private var positionOffset = 0
    /// A savepoint that makes a read-only statement read-only inside a read-write transaction.
    private var hasReadOnlyScope = false
    private var isClosed = false
    /// Set ("transaction", "session") when that ended before the result was read to the end.
    private var cutByEndOf: String?
    /// Rows the next batch may hold (see ``largestBatchSize``).
    private var batchLimit = PostgresCursor.batchSize
    /// Builds each batch in the last one's buffer once its rows are gone (confined, as above).
    @exclusivity(unchecked) private var batches = RowBatchRecycler()

    init(connection: PostgresConnection, operation: UInt64, owner: Owner, text: String, readOnly: Bool) {
        self.connection = connection
        self.operation = operation
        self.owner = owner
        self.text = text
        self.readOnly = readOnly
    }

    // MARK: Jobs (on the connection thread)

    /// Prepares (or takes from the cache), binds, sends and reads the first batch.
    ///
    /// - Parameter checkStale: first make sure the server has not closed the idle
    ///   connection; throws ``PostgresStaleConnection`` (nothing was sent) if it has.
    func start(bindings: [Value], checkStale: Bool) throws -> (Columns, Batch) {
        try job {
            if case .transaction(let transaction) = owner {
                guard !transaction.hasEnded else {
                    throw failure(.invalidInput, "the transaction has ended; run statements inside the withTransaction body")
                }
                transaction.opened(self)
                if connection.isLost { throw connection.lostConnectionError(in: transaction.scope, statement: text) }
            }
            if checkStale, connection.transactionStatus == PQTRANS_IDLE, connection.hasBeenClosedByServer() {
                throw PostgresStaleConnection()
            }
            connection.notices.clear()
            try enterReadOnlyScope()
            return try sendAndRead(bindings: bindings, mayRetry: true)
        }
    }

    /// Sends, reads the first batch, and throws the statement's failure; a cached statement
    /// the server refused (see ``shouldRetry(after:)``) is prepared and sent once more.
    private func sendAndRead(bindings: [Value], mayRetry: Bool) throws -> (Columns, Batch) {
        try send(bindings: bindings)
        return try firstBatch(try read(), bindings: bindings, mayRetry: mayRetry)
    }

    private func firstBatch(_ first: Batch, bindings: [Value], mayRetry: Bool) throws -> (Columns, Batch) {
        if let retry = failure, mayRetry, first.isFinished, first.rows.isEmpty, shouldRetry(after: retry) {
            failure = nil
            summary = ExecutionSummary()
            return try sendAndRead(bindings: bindings, mayRetry: false)
        }
        if let failure { throw failure }
        return (columns, first)
    }

    /// The result's columns: known once the statement was described or its first result arrived.
    var columns: Columns { (decoder ?? PostgresRowDecoder()).columns }

    // MARK: Direct starts (on the caller's thread)

    /// Bound values larger than this go through the connection thread: a send this small
    /// fits the socket's buffer, so `PQsendQueryPrepared` never waits on the caller's thread.
    static let directSendLimit = 16 * 1024

    /// A statement of a pooled connection's holder, sent from the calling task's thread
    /// (not the connection's): only when nothing needs a blocking call first — the
    /// statement is prepared and cached, no transaction is open, the session's read-only
    /// default needs no change — and the values are small. `false` (nothing done) otherwise:
    /// run ``start(bindings:checkStale:)`` on the connection thread instead.
    ///
    /// Then read with ``readWithoutWaiting()``, waiting for the socket in between
    /// (``PostgresSocketPoller``); when ``directStartNeedsThread``, finish with
    /// ``finishDirectStart(_:bindings:)``.
    /// Throws after closing nothing: the caller closes the cursor on the connection thread.
    func sendDirect(bindings: [Value], checkStale: Bool) throws -> Bool {
        guard case .backend = owner, connection.transactionStatus == PQTRANS_IDLE, sessionReadOnlyDefaultToSet == nil,
            connection.operations.interruption(of: operation) == nil,
            let prepared = connection.cache.lookup(text, for: bindings)
        else { return false }
        let encoded = try encode(bindings, for: prepared)
        guard encoded.byteCount <= Self.directSendLimit else { return false }
        if checkStale, connection.hasBeenClosedByServer() { throw PostgresStaleConnection() }
        connection.notices.clear()
        try send(prepared, encoded)
        return true
    }

    /// Reads what has arrived without waiting for the socket: the first batch once it is
    /// complete (full, or the result is over), `nil` while more input is needed.
    func readWithoutWaiting() throws -> Batch? {
        try read(waiting: false)
    }

    /// Finishes a direct start on the connection thread: reads the first batch (unless it
    /// was read), then throws the statement's failure or retries a cached statement the
    /// server refused, and closes a result read whole once cancel requests have finished.
    func finishDirectStart(_ first: Batch?, bindings: [Value]) throws -> (Columns, Batch) {
        try job {
            let started = try firstBatch(try first ?? read(), bindings: bindings, mayRetry: true)
            if isServerDone, failure == nil { close() }
            return started
        }
    }

    /// Whether the first batch after a direct start needs the connection thread to finish
    /// (a failure, a retry, or cancel requests to wait for) rather than be handed out.
    var directStartNeedsThread: Bool {
        failure != nil || connection.operations.interruption(of: operation) != nil
    }

    /// The socket the caller waits on between ``readWithoutWaiting()`` calls.
    var socket: Int32 { PQsocket(pointer) }

    // MARK: Later batches on the holder's thread

    /// Batches read on the holder's thread before it lets other tasks run (see ``readBatch()``).
    static let inlineBatchesBetweenYields = 8
    /// Batches read on the holder's thread so far.
    private(set) var inlineBatchesRead = 0

    /// The next batch of a pooled connection's result, read by the task holding it, on its
    /// own thread, from the rows libpq has received already — up to the batch size, or fewer
    /// when the rest has not arrived: while the server keeps up, a scan's rows are decoded
    /// and freed on one thread with no hand-off. `nil` when no row has arrived (the
    /// connection's thread waits for them: waiting on the shared poller instead measured
    /// slower, see the Benchmarks README), and for what the thread finishes: a failure, an
    /// interrupted statement, a transaction's result, a released one.
    func nextBatchInline() throws -> Batch? {
        guard case .backend = owner, cutByEndOf == nil, !isClosed, failure == nil, !connection.thread.isCurrent,
            connection.operations.interruption(of: operation) == nil, beginReading(.holder)
        else { return nil }
        var failed = false
        defer {
            // Failed, or released while this thread read (the close was left to it, see ``release()``).
            if endReading() || failed { connection.thread.submit { [self] in close() } }
        }
        let batch: Batch?
        do {
            batch = try read(waiting: false, handsOutPartial: true)
        } catch {
            failed = true
            throw error
        }
        // The thread's read throws the failure (dropping the batch it came with, as there).
        guard let batch, !directStartNeedsThread else { return nil }
        inlineBatchesRead += 1
        return batch
    }

    /// Reads the next batch.
    func nextBatch() throws -> Batch {
        if let scope = cutByEndOf {
            throw failure(.invalidInput, "the \(scope) ended before this result was read", hint: "read results inside the \(scope)'s body")
        }
        // Dropped meanwhile: the close queued behind this job ends it.
        guard !isClosed, beginReading(.connectionThread) else { return Batch(rows: [], isFinished: true, summary: summary) }
        defer { _ = endReading() }
        return try job {
            let batch = try read()
            if let failure { throw failure }
            return batch
        }
    }

    /// Whether a batch is being read (which may wait for the server's rows), and whether the
    /// result was released — dropped or cancelled by another task; the one part of the
    /// cursor's state other threads write, so behind a lock. See ``noteRelease()``.
    private struct BatchReading {
        enum Reader {
            case none
            case connectionThread
            /// The holder, on its own thread (``nextBatchInline()``), which then closes a released result.
            case holder
        }
        var reader = Reader.none
        var isReleased = false
    }
    private let batchReading = Mutex(BatchReading())

    /// Notes that `reader` reads a batch now; `false` (read nothing) when the result was released.
    private func beginReading(_ reader: BatchReading.Reader) -> Bool {
        batchReading.withLock { state in
            guard !state.isReleased else { return false }
            state.reader = reader
            return true
        }
    }

    /// Notes that the batch is read; says whether the result was released meanwhile.
    private func endReading() -> Bool {
        batchReading.withLock { state in
            state.reader = .none
            return state.isReleased
        }
    }

    /// From any thread, for a release: notes it, and says what the release must do. A batch
    /// read on the connection's thread now should be stopped on the server (`stopsReading`),
    /// so that the read ends at once and the close queued behind it runs, rather than when the
    /// server's next rows come. A batch read on the holder's thread, which does not wait,
    /// leaves the close to the holder (`closes` false), once its batch is done. A batch not
    /// started yet is not read at all.
    func noteRelease() -> (stopsReading: Bool, closes: Bool) {
        batchReading.withLock { state in
            state.isReleased = true
            return (state.reader == .connectionThread, state.reader != .holder)
        }
    }

    /// Closes the cursor because the transaction or session it runs in is ending: reading
    /// on then fails (rather than ending early as if the rows were all there).
    func closeForEndOf(_ scope: String) {
        guard !isClosed else { return }
        cutByEndOf = scope
        close()
    }

    /// Finishes or cancels what the server is still sending and hands the connection
    /// back. Safe to call more than once.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        batches.removeAll()
        if !isServerDone { abandon() }
        if hasReadOnlyScope, connection.transactionStatus != PQTRANS_IDLE {
            _ = try? connection.executeSimple(
                "ROLLBACK TO SAVEPOINT switchyard_read_only; RELEASE SAVEPOINT switchyard_read_only")
        }
        connection.noteHealth()
        connection.operations.end(operation)
        switch owner {
        case .backend(let release): release(connection)
        case .transaction(let transaction): transaction.closed(self)
        }
    }

    // MARK: Sending

    /// Prepares and sends the statement (the last one of a multi-statement text, the
    /// others run first), then switches to single-row mode.
    private func send(bindings: [Value]) throws {
        var statementText = text
        var prepared = connection.cache.lookup(text, for: bindings)
        if prepared == nil {
            // libpq takes the text as a C string: what follows a NUL would silently not be
            // sent (a `DELETE … \0 WHERE …` would lose its WHERE). A cached text was checked.
            if text.utf8.contains(0) {
                throw failure(.invalidInput, "the statement text contains a NUL character", hint: "remove it: PostgreSQL text cannot hold NUL (bind binary data as bytes)")
            }
            guard bindings.count <= PostgresBindings.maximumCount else {
                throw SwitchyardError.tooManyValues(bindings.count, backend: connection.backendName, statement: text)
            }
            let scanned = PostgresSQLText(text)
            guard let last = scanned.pieces.last else {
                // Only blanks or comments: nothing to run.
                decoder = PostgresRowDecoder()
                return
            }
            if scanned.isMultiStatement {
                guard bindings.isEmpty else {
                    throw failure(
                        .invalidInput, "values can only be bound to a text of one statement; this one holds \(scanned.pieces.count)",
                        hint: "send the statements one at a time")
                }
                for piece in scanned.pieces.dropLast() {
                    let part = try connection.executeSimple(piece.text, reportedAs: text, positionOffset: piece.characterOffset)
                    if let affected = part.rowsAffected { summary.rowsAffected = (summary.rowsAffected ?? 0) + affected }
                    try checkInterruption()
                }
                statementText = last.text
                positionOffset = last.characterOffset
            } else if scanned.parameterCount != bindings.count {
                throw SwitchyardError.parameterCount(
                    expected: scanned.parameterCount, given: bindings.count, backend: connection.backendName, statement: text)
            }
            let kind = StatementKind.classify(sql: statementText)
            if bindings.isEmpty, kind == .schema || kind == .transaction {
                // Run once and seldom repeated: not worth a prepared statement.
                guard PQsendQueryParams(pointer, statementText, 0, nil, nil, nil, nil, 0) == 1 else {
                    throw sendFailure()
                }
                startStreaming()
                return
            }
            if bindings.count > PostgresConnection.describableParameterCount {
                try sendUnprepared(statementText, bindings)
                return
            }
            prepared = try connection.preparedStatement(
                for: statementText, values: bindings, reportedAs: text, positionOffset: positionOffset)
        }
        guard let prepared else { return }
        try send(prepared, try encode(bindings, for: prepared))
    }

    private func encode(_ bindings: [Value], for prepared: PostgresPreparedStatement) throws -> PostgresBindings {
        try encode(bindings, types: prepared.parameterTypes)
    }

    private func encode(_ bindings: [Value], types: [PostgresType.OID]) throws -> PostgresBindings {
        do {
            return try PostgresBindings(bindings, types: types)
        } catch let error as SwitchyardError {
            throw error.attributed(to: connection.backendName, statement: text)
        }
    }

    private func send(_ prepared: PostgresPreparedStatement, _ encoded: PostgresBindings) throws {
        decoder = PostgresRowDecoder(prepared)
        let sent = encoded.withParameters { count, values, lengths, formats in
            prepared.cName.withUnsafeBufferPointer { name in
                PQsendQueryPrepared(pointer, name.baseAddress, count, values, lengths, formats, prepared.isBinary ? 1 : 0)
            }
        }
        guard sent == 1 else { throw sendFailure() }
        startStreaming()
        lastSent = prepared
    }

    /// A statement with more values than a description can list (see
    /// ``PostgresConnection/describableParameterCount``): sent unnamed and undescribed, each
    /// value declaring its own type (see ``PostgresBindings/declaredType(of:)``), the rows
    /// read in text format and their columns learnt from the first result. Not cached: the
    /// server parses it at each run, a small cost next to binding thousands of values.
    private func sendUnprepared(_ statementText: String, _ bindings: [Value]) throws {
        let types = bindings.map(PostgresBindings.declaredType)
        // No description, so no inferred types: an array is sent as an array literal, not JSON.
        let encoded = try encode(bindings, types: [])
        let sent = types.withUnsafeBufferPointer { types in
            encoded.withParameters { count, values, lengths, formats in
                PQsendQueryParams(pointer, statementText, count, types.baseAddress, values, lengths, formats, 0)
            }
        }
        guard sent == 1 else { throw sendFailure() }
        startStreaming()
    }

    /// The statement sent last, to drop from the cache if the server invalidated it.
    private var lastSent: PostgresPreparedStatement?

    private func startStreaming() {
        _ = PQsetSingleRowMode(pointer)
        isServerDone = false
        connection.operations.sent(operation)
    }

    private func sendFailure() -> SwitchyardError {
        connection.noteHealth()
        return connection.connectionError(statement: text)
    }

    /// A cached statement the server no longer accepts: "cached plan must not change
    /// result type" after `ALTER TABLE`, or a statement dropped by `DEALLOCATE ALL`.
    /// Outside a transaction it is prepared again and sent once more.
    private func shouldRetry(after error: SwitchyardError) -> Bool {
        guard let statement = lastSent, !statement.name.isEmpty, error.code == "0A000" || error.code == "26000" else { return false }
        connection.cache.remove(named: statement.name, text: statement.text)
        if error.code == "26000" { connection.cache.removeAll() }
        guard connection.transactionStatus == PQTRANS_IDLE else { return false }
        if error.code == "0A000" { _ = try? connection.executeSimple("DEALLOCATE \(statement.name)") }
        return true
    }

    // MARK: Reading

    /// Reads up to `batchLimit` rows; records a failure, which the caller throws once
    /// the server is done with the request.
    private func read() throws -> Batch {
        // Waiting for input, a batch is always complete.
        try read(waiting: true)!
    }

    /// Rows a direct start read before it had to wait for more input.
    private var partialRows: RowBatchBuilder?

    /// ``read()``; `waiting: false` returns `nil` instead of waiting for input, keeping
    /// the rows read so far for the next call — or, `handsOutPartial`, returns them as the
    /// batch when there are any.
    private func read(waiting: Bool, handsOutPartial: Bool = false) throws -> Batch? {
        // The batch's values share one buffer, made once the columns are known. The decoder is
        // read once per batch: in single-row mode every row is a result of its own.
        var decoder = self.decoder
        var rows = partialRows ?? decoder.map(newBatch)
        partialRows = nil
        while !isServerDone, rows?.count ?? 0 < batchLimit {
            if !waiting, PQisBusy(pointer) == 1 {
                guard PQconsumeInput(pointer) == 1 else {
                    // The connection is lost: nothing more will come.
                    recordFailure(connection.connectionError(statement: text))
                    connection.noteHealth()
                    isServerDone = true
                    break
                }
                if PQisBusy(pointer) == 1 {
                    if handsOutPartial, rows?.count ?? 0 > 0 { break }
                    partialRows = rows
                    return nil
                }
            }
            guard let result = PQgetResult(pointer) else {
                isServerDone = true
                break
            }
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE, PGRES_TUPLES_OK:
                if decoder == nil {
                    decoder = PostgresRowDecoder(describing: result, typeName: connection.typeName)
                    self.decoder = decoder
                }
                if rows == nil { rows = newBatch(decoder!) }
                for row in 0..<PQntuples(result) { try decoder!.appendRow(row, of: result, to: &rows!) }
                // A single-row result carries no command tag; reading one per row cost a string split per row.
                if PQresultStatus(result) == PGRES_TUPLES_OK { PostgresCommandTag.record(result, into: &summary) }
            case PGRES_COMMAND_OK:
                PostgresCommandTag.record(result, into: &summary)
            case PGRES_EMPTY_QUERY:
                break
            case PGRES_COPY_IN:
                _ = PQputCopyEnd(pointer, "COPY FROM STDIN is not supported through query()")
                recordFailure(failure(.unsupported, "COPY … FROM STDIN needs rows sent beside the statement, which a query cannot carry", hint: PostgresCommandTag.copyFromHint))
            case PGRES_COPY_OUT:
                connection.drainCopyOut()
                recordFailure(failure(.unsupported, "COPY … TO STDOUT sends rows outside a result, which a query cannot read", hint: PostgresCommandTag.copyToHint))
            default:
                recordFailure(
                    .postgres(
                        result: result, connection: pointer, backend: connection.backendName, statement: text,
                        positionOffset: positionOffset, interruption: connection.operations.interruption(of: operation),
                        secrets: connection.secrets))
            }
        }
        let count = rows?.count ?? 0
        if count >= batchLimit { batchLimit = min(batchLimit * 2, Self.largestBatchSize) }
        summary.rowsReturned += count
        var batch: [Row] = []
        if rows != nil { batch = batches.rows(of: &rows!, isLast: isServerDone) }
        if !connection.notices.isEmpty { summary.notices += connection.notices.take() }
        if isServerDone, failure == nil, waiting || !directStartNeedsThread { close() }
        return Batch(rows: batch, isFinished: isServerDone, summary: summary)
    }

    /// An empty batch of `decoder`'s rows. A batch after a full one will likely fill too:
    /// sized for it once (a first batch is often one row).
    private func newBatch(_ decoder: PostgresRowDecoder) -> RowBatchBuilder {
        batches.builder(columns: decoder.columns, reservingRows: summary.rowsReturned > 0 ? batchLimit : 1)
    }

    private func recordFailure(_ error: SwitchyardError) {
        if failure == nil { failure = error }
    }

    /// Drops the rest of a result the caller stopped reading: reads on while it is short
    /// and keeps coming, cancels it on the server when it is long or the server stalls.
    private func abandon() {
        var discarded = 0
        while discarded < Self.drainLimit, waitForInput(upTo: Self.drainStall) {
            guard let result = PQgetResult(pointer) else {
                isServerDone = true
                return
            }
            discardResult(result)
            discarded += 1
        }
        connection.operations.cancelOnServer(operation)
        while let result = PQgetResult(pointer) { discardResult(result) }
        isServerDone = true
    }

    /// Whether libpq has a result to hand out (or the request is over) without the server
    /// being silent for longer than `limit` meanwhile; `false` when it was.
    private func waitForInput(upTo limit: Duration) -> Bool {
        let milliseconds = Int32(limit.components.seconds * 1000 + limit.components.attoseconds / 1_000_000_000_000_000)
        while PQisBusy(pointer) == 1 {
            var descriptor = pollfd(fd: PQsocket(pointer), events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, milliseconds) > 0 else { return false }
            // A lost connection: PQgetResult reports it.
            guard PQconsumeInput(pointer) == 1 else { return true }
        }
        return true
    }

    private func discardResult(_ result: OpaquePointer) {
        switch PQresultStatus(result) {
        case PGRES_COPY_IN: _ = PQputCopyEnd(pointer, "abandoned")
        case PGRES_COPY_OUT: connection.drainCopyOut()
        default: break
        }
        PQclear(result)
    }

    // MARK: Read-only requests

    /// Makes the statement unable to write, the server enforcing it: outside a
    /// transaction by the session's default (changed only when it differs), inside one
    /// by a savepoint with `transaction_read_only` on, rolled back afterwards.
    private func enterReadOnlyScope() throws {
        switch connection.transactionStatus {
        case PQTRANS_IDLE:
            guard let wanted = sessionReadOnlyDefaultToSet else { return }
            try connection.executeSimple("SET SESSION CHARACTERISTICS AS TRANSACTION \(wanted ? "READ ONLY" : "READ WRITE")")
        case PQTRANS_INTRANS where readOnly:
            try connection.executeSimple("SAVEPOINT switchyard_read_only; SET LOCAL transaction_read_only = on")
            hasReadOnlyScope = true
        default:
            break
        }
    }

    /// Outside a transaction: the read-only default the session must switch to for this
    /// statement, `nil` when it already has it.
    private var sessionReadOnlyDefaultToSet: Bool? {
        let wanted = readOnly || connection.isReadOnlyByDefault
        let current = PQparameterStatus(pointer, "default_transaction_read_only").map { strcmp($0, "on") == 0 } ?? false
        return wanted == current ? nil : wanted
    }

    // MARK: Helpers

    /// Runs `body` as one job of this operation: refuses to start when the operation was
    /// interrupted, and closes the cursor when `body` throws.
    private func job<T>(_ body: () throws -> T) throws -> T {
        do {
            try checkInterruption()
            return try body()
        } catch {
            close()
            throw error
        }
    }

    private func checkInterruption() throws {
        guard let interruption = connection.operations.interruption(of: operation) else { return }
        switch interruption {
        case .cancelled:
            throw failure(.cancelled, "the statement was cancelled")
        case .timeout(let limit) where connection.operations.hasGivenUp:
            throw failure(
                .timeout,
                "the statement ran longer than its timeout of \(limit.millisecondsText), and the server answered neither it nor the cancel request: the connection was closed",
                hint: "is the server up and answering? The pool opens a new connection for the next statement")
        case .timeout(let limit):
            throw failure(.timeout, "the statement ran longer than its timeout of \(limit.millisecondsText)")
        }
    }

    private func failure(_ kind: SwitchyardError.Kind, _ message: String, hint: String? = nil) -> SwitchyardError {
        SwitchyardError(kind, message, backend: connection.backendName, statement: text, hint: hint)
    }
}

/// The server had closed an idle pooled connection before anything was sent on it;
/// the backend retries the request on another connection.
struct PostgresStaleConnection: Error {}
