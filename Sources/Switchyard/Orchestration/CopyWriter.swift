/// Streams a source's rows into insert statements for one target table.
struct CopyWriter: Sendable {
    let orchestrator: Orchestrator
    let backend: any Backend
    let store: any EntityStore
    let table: String
    let target: String
    /// Who the writes come from and how they run: the source request's, for a request's rows.
    let context: CallerContext
    let options: QueryOptions
    let rowsPerStatement: Int
    /// Whether the writes run in one transaction (else those made before a failure stay).
    let isAtomic: Bool

    /// `given`, checked against the source's width, else the source's own names, each matched
    /// to a column of the target table's differing only in case when it has none of that name.
    func columns(given: [String]?, sourceColumns: Columns) async throws -> [String] {
        guard let given else {
            let names = sourceColumns.names
            guard !names.isEmpty, let object = try? await backend.catalog().object(named: table), object.kind != .collection else {
                return names
            }
            let existing = object.columns.map(\.name)
            return names.map { name in
                if existing.contains(name) { return name }
                let matches = existing.filter { $0.lowercased() == name.lowercased() }
                return matches.count == 1 ? matches[0] : name
            }
        }
        guard given.count == sourceColumns.count || sourceColumns.isEmpty else {
            throw SwitchyardError(
                .invalidInput,
                "the source returns \(sourceColumns.count) column(s) (\(sourceColumns.names.joined(separator: ", "))) "
                    + "but \(given.count) target column(s) were named (\(given.joined(separator: ", ")))",
                backend: target)
        }
        return given
    }

    /// Writes every row of `rows`; returns how many.
    func write(_ rows: ResultSet, columns: [String]) async throws -> Int {
        guard !columns.isEmpty else {
            try await rows.summary()
            return 0
        }
        let perStatement = max(1, min(rowsPerStatement, 7_000 / columns.count))
        var statements = CopyStatements(store: store, table: table, columns: columns)
        var batch: [[Value]] = []
        batch.reserveCapacity(perStatement)
        var (read, written) = (0, 0)
        // The rows of an insert under way: cancelled meanwhile, the server may have written some.
        var inFlight = 0
        do {
            for try await row in rows {
                batch.append(row.values)
                if batch.count == perStatement {
                    inFlight = batch.count
                    written += try await insert(batch, firstRow: read, statements: &statements, source: rows)
                    (inFlight, read) = (0, read + batch.count)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if let limit = rows.currentSummary.truncatedAt {
                throw SwitchyardError(
                    .rejected,
                    "the row limit cut the source off after \(limit) rows: copying part of a result is refused",
                    hint: "raise or lift the row limit (\\limit off in the REPL) and copy again")
            }
            inFlight = batch.count
            if !batch.isEmpty { written += try await insert(batch, firstRow: read, statements: &statements, source: rows) }
            return written
        } catch where !isAtomic && (error is SwitchyardError || error is CancellationError) {
            // Cancelled (Ctrl-C) too: what stays written is what the caller needs to know.
            var failure = error as? SwitchyardError ?? SwitchyardError(.cancelled, "the copy was cancelled")
            // A statement's error says how far it got; a cancellation leaves the insert under way unknown.
            let known = failure.rowsWrittenBeforeFailure
            let stayed = written + (known ?? 0)
            failure.rowsWrittenBeforeFailure = stayed
            let more = known == nil && inFlight > 0 ? ", and the insert it stopped in may have written up to \(inFlight) more" : ""
            guard stayed > 0 || !more.isEmpty else { throw error }
            failure.detail = [failure.detail, "\(stayed) row(s) were already written to '\(target)', which has no transactions\(more): they stay"]
                .compactMap { $0 }.joined(separator: "\n")
            throw failure
        }
    }

    /// Inserts `batch`, whose first row is the source's row `firstRow` (0-based). In a
    /// transaction it runs in a savepoint, so that when it fails the rows before it are
    /// still in place to find which of its rows fails after them.
    private func insert(
        _ batch: [[Value]], firstRow: Int, statements: inout CopyStatements, source: ResultSet
    ) async throws -> Int {
        guard let statement = statements.inserting(batch) else { return 0 }
        guard isAtomic else {
            do {
                return try await run(statement, rows: batch.count)
            } catch let error as SwitchyardError where CopyRowLocator.mayBeAboutOneRow(error) {
                // Never run again (what it wrote stays): the database says where it stopped.
                guard let before = error.rowsWrittenBeforeFailure, before < batch.count else { throw error }
                throw Self.naming(error, row: firstRow + before, of: source)
            }
        }
        do {
            return try await backend.withTransaction { _ in try await run(statement, rows: batch.count) }
        } catch let error as SwitchyardError where CopyRowLocator.mayBeAboutOneRow(error) {
            let locator = CopyRowLocator(writer: self, statements: statements)
            guard let (offset, failure) = await locator.firstFailingRow(of: batch[...]) else { throw error }
            throw Self.naming(failure, row: firstRow + offset, of: source)
        }
    }

    /// `failure`, the error of row `row` (0-based) of `source`, naming it: its position
    /// and, when the source knows it, where it came from (a file's line).
    private static func naming(_ failure: SwitchyardError, row: Int, of source: ResultSet) -> SwitchyardError {
        var error = failure
        let origin = (source.stream as? any RowOrigins)?.origin(ofRow: row).map { " (\($0))" } ?? ""
        error.message = "row \(row + 1) of the source\(origin): \(failure.message)"
        return error
    }

    /// Runs one insert statement through the pipeline; the rows it wrote.
    func run(_ statement: Statement, rows: Int) async throws -> Int {
        let request = QueryRequest(statement, target: .backend(target), context: context, options: options)
        let summary = try await orchestrator.run(request).rows.summary()
        return summary.rowsAffected ?? rows
    }
}

/// A copy's insert statements: the text of a full batch is made once and reused, since a
/// store's statement binds every value and so depends only on the table, the columns and
/// the number of rows.
struct CopyStatements: Sendable {
    let store: any EntityStore
    let table: String
    let columns: [String]
    private var reusable: (rows: Int, text: String, language: QueryLanguage)?

    init(store: any EntityStore, table: String, columns: [String]) {
        (self.store, self.table, self.columns) = (store, table, columns)
    }

    /// The statement inserting `rows`; `nil` when the store writes none.
    mutating func inserting(_ rows: [[Value]]) -> Statement? {
        if let reusable, reusable.rows == rows.count {
            var bindings: [Value] = []
            bindings.reserveCapacity(rows.count * columns.count)
            for row in rows { bindings.append(contentsOf: row) }
            return Statement(reusable.text, bindings, language: reusable.language)
        }
        guard let statement = store.insertStatement(into: table, columns: columns, rows: rows) else { return nil }
        if reusable == nil, statement.bindings.elementsEqual(rows.joined()) {
            reusable = (rows.count, statement.text, statement.language)
        }
        return statement
    }
}
