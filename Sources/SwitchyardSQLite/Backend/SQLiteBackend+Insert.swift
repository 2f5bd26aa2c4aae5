import CSQLite
import Switchyard

/// What a bulk insert does with a row that breaks a `UNIQUE` or primary-key constraint.
public enum SQLiteConflictResolution: String, Sendable, CaseIterable {
    /// The insert fails, and none of its rows are kept: SQLite's default.
    case abort
    /// The row is skipped (`INSERT OR IGNORE`) and not counted.
    case ignore
    /// The row replaces the one it conflicts with (`INSERT OR REPLACE`).
    case replace
}

extension SQLiteBackend {
    /// Inserts `rows` (values in `columns` order) into `table`, the fastest way into
    /// SQLite, and returns how many rows were inserted.
    ///
    /// Rows go in multi-row `INSERT` statements (up to ``SQLiteBackend/rowsPerInsert`` rows
    /// each, fewer when rows are wide), prepared once and reused, their values bound
    /// straight from the ``Value``s, all on the writer's thread — no hand-off per
    /// statement. `rows` is read as the insert goes, so a lazy sequence streams.
    ///
    /// The insert is all or nothing: it runs in a transaction of its own, or as a savepoint
    /// of the transaction it is called in (inside ``withTransaction(_:)``, which then goes
    /// on). A row with the wrong number of values, a value SQLite refuses and a broken
    /// constraint (unless `onConflict` says otherwise) fail it with an error naming the
    /// row; so do cancelling the task and `timeout`.
    ///
    /// ```swift
    /// let inserted = try await backend.insert(into: "people", columns: ["id", "name"], rows: [[1, "Ada"], [2, "Grace"]])
    /// ```
    @discardableResult
    public func insert(
        into table: String, columns: [String], rows: some Sequence<[Value]> & Sendable,
        onConflict: SQLiteConflictResolution = .abort, timeout: Duration? = nil
    ) async throws -> Int {
        let insert = try SQLiteBulkInsert(table: table, columns: columns, conflict: onConflict, backendName: name)
        return try await withTransaction { executor in
            guard let transaction = executor as? SQLiteTransaction else {
                throw SwitchyardError(.database, "internal error: a transaction body got another executor", backend: insert.backendName)
            }
            return try await transaction.connection.insert(insert, rows: rows, timeout: timeout)
        }
    }

    /// Rows per statement of ``insert(into:columns:rows:onConflict:timeout:)``, when SQLite's
    /// limit on parameters allows: past about a hundred, a longer statement saves nothing.
    public static let rowsPerInsert = 100
}

/// The statements of one bulk insert: a multi-row `INSERT` and a one-row one for the rest.
struct SQLiteBulkInsert: Sendable {
    let backendName: String
    let width: Int
    private let prefix: String
    private let rowPlaceholders: String

    init(table: String, columns: [String], conflict: SQLiteConflictResolution, backendName: String) throws {
        guard !columns.isEmpty else {
            throw SwitchyardError(.invalidInput, "an insert into \(table) needs at least one column", backend: backendName)
        }
        let dialect = SQLiteDialect()
        let verb = switch conflict {
        case .abort: "INSERT"
        case .ignore: "INSERT OR IGNORE"
        case .replace: "INSERT OR REPLACE"
        }
        self.backendName = backendName
        width = columns.count
        prefix = "\(verb) INTO \(dialect.quoteQualified(table)) (\(columns.map(dialect.quote).joined(separator: ", "))) VALUES "
        rowPlaceholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
    }

    /// The statement text inserting `rows` rows.
    func sql(rows: Int) -> String {
        prefix + Array(repeating: rowPlaceholders, count: rows).joined(separator: ", ")
    }

    /// The statement errors show: the one-row form (a hundred rows of placeholders would bury the message).
    var shownStatement: String { sql(rows: 1) }
}

extension SQLiteConnection {
    /// On any thread: runs `insert` on the connection thread (the writer, inside a
    /// transaction or savepoint the caller opened), stopping it on cancellation or timeout.
    func insert(_ insert: SQLiteBulkInsert, rows: some Sequence<[Value]> & Sendable, timeout: Duration?) async throws -> Int {
        let operation = SQLiteOperation(handle: handle, stopAt: timeout.map { .now + $0 }, limit: timeout)
        defer { operation.end() }
        return try await withTaskCancellationHandler {
            try await run { [self] in
                if let interruption = operation.startJob() {
                    throw SwitchyardError.sqliteInterrupted(interruption, backend: backendName, statement: insert.shownStatement)
                }
                defer { operation.finishJob() }
                return try insertOnThread(insert, rows: rows, operation: operation)
            }
        } onCancel: {
            operation.interrupt(because: .cancelled)
        }
    }

    private func insertOnThread(_ insert: SQLiteBulkInsert, rows: some Sequence<[Value]>, operation: SQLiteOperation) throws -> Int {
        let width = insert.width
        let parameterLimit = Int(sqlite3_limit(handle.pointer, SQLITE_LIMIT_VARIABLE_NUMBER, -1))
        let perStatement = max(1, min(SQLiteBackend.rowsPerInsert, parameterLimit / width))
        guard width <= parameterLimit else {
            throw SwitchyardError(
                .invalidInput, "an insert of \(width) columns needs more parameters than SQLite allows in one statement (\(parameterLimit))",
                backend: backendName, statement: insert.shownStatement)
        }
        var inserted = 0
        var number = 0
        // The rows of the statement being filled: bound together once it is full, then each
        // replaced by the next statement's row in its place. (Emptied instead, the array let a
        // statement's rows go at once, to be allocated again one by one: ≈ 200 instructions a
        // row in glibc. Replaced, each row's memory is the next one's.)
        var pending: [[Value]] = []
        pending.reserveCapacity(perStatement)
        var pendingRows = 0
        // Each statement prepared (or taken from the cache) once, held until the end.
        var prepared: [Int: SQLitePreparedStatement] = [:]
        defer { for statement in prepared.values { checkin(statement) } }

        func statement(rows: Int) throws -> SQLitePreparedStatement {
            if let known = prepared[rows] { return known }
            var text = SQLiteStatementText(insert.sql(rows: rows))
            guard let made = try prepare(&text, from: 0).statement else {
                throw SwitchyardError(.database, "internal error: an INSERT prepared to nothing", backend: backendName, statement: insert.shownStatement)
            }
            prepared[rows] = made
            return made
        }
        // The one-row statement first: an unknown table or column fails here, showing a short text.
        _ = try statement(rows: 1)

        func run(_ batch: ArraySlice<[Value]>, firstRow: Int) throws {
            if let interruption = operation.interruption {
                throw SwitchyardError.sqliteInterrupted(interruption, backend: backendName, statement: insert.shownStatement)
            }
            let statement = try statement(rows: batch.count)
            defer { sqlite3_reset(statement.pointer) }
            for (offset, row) in batch.enumerated() {
                if let (code, column) = statement.bind(row, from: offset * width + 1) {
                    let reason = SQLiteValueBinder.failure(code, binding: row[column - 1])
                    throw SwitchyardError(
                        .invalidInput, "row \(firstRow + offset), column \(column): cannot bind the value: \(reason)",
                        backend: backendName, statement: insert.shownStatement, code: SQLiteResultCode(code).description)
                }
            }
            let code = sqlite3_step(statement.pointer)
            guard code == SQLITE_DONE else {
                var error = SwitchyardError.sqlite(
                    code, handle: handle, duringPrepare: false, backend: backendName, statement: insert.shownStatement,
                    interruption: operation.interruption)
                if SQLiteResultCode(code).primary != SQLITE_INTERRUPT {
                    let rows = batch.count == 1 ? "row \(firstRow)" : "rows \(firstRow)–\(firstRow + batch.count - 1)"
                    error.message = "\(rows): \(error.message)"
                }
                throw error
            }
            inserted += Int(sqlite3_changes64(handle.pointer))
        }

        for row in rows {
            number += 1
            guard row.count == width else {
                throw SwitchyardError(
                    .invalidInput, "row \(number) has \(row.count) value\(row.count == 1 ? "" : "s") for \(width) column\(width == 1 ? "" : "s")",
                    backend: backendName, statement: insert.shownStatement)
            }
            if pendingRows < pending.count { pending[pendingRows] = row } else { pending.append(row) }
            pendingRows += 1
            if pendingRows == perStatement {
                try run(pending[...], firstRow: number - perStatement + 1)
                pendingRows = 0
            }
        }
        // The rest one row at a time: a statement for each remainder size would crowd the cache.
        for index in 0..<pendingRows {
            try run(pending[index...index], firstRow: number - pendingRows + index + 1)
        }
        return inserted
    }
}
