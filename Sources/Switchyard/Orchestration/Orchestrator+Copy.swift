/// What ``Orchestrator/copy(_:into:on:columns:rowsPerStatement:)`` did.
public struct CopySummary: Sendable, Hashable {
    /// Rows written into the target table.
    public var rowsCopied: Int
    /// The backends the rows were read from, as the source request's route named them.
    public var sources: [String]
    /// The backend written to.
    public var target: String
    /// Whether the rows were written in one transaction on the target: all of them or none.
    /// False on a backend without transactions (MongoDB outside a replica set), where the
    /// statements written before a failure stay written.
    public var isAtomic: Bool

    /// Creates a summary; ``Orchestrator/copy(_:into:on:columns:rowsPerStatement:)`` makes these.
    public init(rowsCopied: Int, sources: [String], target: String, isAtomic: Bool) {
        self.rowsCopied = rowsCopied
        self.sources = sources
        self.target = target
        self.isAtomic = isAtomic
    }
}

extension Orchestrator {
    /// Copies the rows `source` returns into `table` on the backend named `target`: between
    /// backends of any kinds (PostgreSQL into SQLite, SQLite into MongoDB …), or within one.
    ///
    /// ```swift
    /// let copied = try await orchestrator.copy(
    ///     QueryRequest("SELECT id, name FROM customers WHERE country = $1", ["NL"], target: .backend("main")),
    ///     into: "customers", on: "local")
    /// print("\(copied.rowsCopied) rows")
    /// ```
    ///
    /// The source runs as any request does. The rows stream from it into insert statements
    /// of `rowsPerStatement` rows each, in the target's own language (the target's
    /// ``EntityStore/insertStatement(into:columns:rows:)``), every value bound; each statement
    /// goes through the whole pipeline as a request for `target` with the source's context and
    /// options — so a read-only guard, an allow-list or an audit sees every write, and a
    /// timeout covers the whole copy. Memory holds one statement's rows at a time — except
    /// when the source reads from `target` itself: then its rows are all read before the first
    /// write, so that the copy never waits for a connection its own source holds (SQLite in
    /// memory, a pool of one) and a table copied into itself gains each row once.
    ///
    /// On a target with transactions the statements run in one (``Backend/withTransaction(_:)``):
    /// a failure — of the source, a statement, or a cancellation — leaves the table as it
    /// was. Without them, what was written before the failure stays, and the error says how
    /// many rows that was. A source the row limit cut short (``ExecutionSummary/truncatedAt``)
    /// fails the copy with `.rejected` rather than copying part of it.
    ///
    /// - Parameters:
    ///   - source: the request whose rows are copied; it runs through the pipeline as any does.
    ///   - table: the target table or collection, exactly as named there (quoted by the store).
    ///   - target: the name of the backend written to.
    ///   - columns: the target's columns, one per source column in order; by default the
    ///     source's column names.
    ///   - rowsPerStatement: rows per insert statement (at least 1); fewer when the columns
    ///     are many, so that a statement binds at most 7,000 values (PostgreSQL prepares up
    ///     to 7,498).
    /// - Throws: `.notFound` for an unknown target; `.unsupported` when the target's adapter
    ///   writes no insert statements; `.invalidInput` when `columns` does not match the
    ///   source's column count; otherwise what the source or the writes threw.
    public func copy(
        _ source: QueryRequest, into table: String, on target: String, columns: [String]? = nil, rowsPerStatement: Int = 500
    ) async throws -> CopySummary {
        _ = try copyTarget(target)
        // Started before the transaction: the source streams on a connection of its own.
        let result = try await run(source)
        do {
            let rows = result.route.targets.contains(target) ? try await Self.readToEnd(result.rows) : result.rows
            var summary = try await copy(
                rows, into: table, on: target, columns: columns, rowsPerStatement: rowsPerStatement, context: source.context,
                options: source.options)
            summary.sources = result.route.targets
            return summary
        } catch {
            result.rows.cancel()
            throw error
        }
    }

    /// Copies `rows` — another request's result, rows read from a file, rows made in memory —
    /// into `table` on the backend named `target`, as ``copy(_:into:on:columns:rowsPerStatement:)``
    /// copies a request's rows: insert statements through the pipeline as requests with
    /// `context` and `options`, in one transaction where the target has them. The summary
    /// names no sources.
    ///
    /// Without `columns`, each of the rows' columns goes to the target column of that name;
    /// when the target's catalog lists the table and has no column of exactly that name, to
    /// the one whose name differs only in case (SQLite's `ID` into PostgreSQL's `id`).
    /// Collections' fields are matched exactly.
    public func copy(
        _ rows: ResultSet, into table: String, on target: String, columns: [String]? = nil, rowsPerStatement: Int = 500,
        context: CallerContext = CallerContext(), options: QueryOptions = QueryOptions()
    ) async throws -> CopySummary {
        let (backend, store) = try copyTarget(target)
        let atomic = backend.capabilities.supports(.transactions)
        let writer = CopyWriter(
            orchestrator: self, store: store, table: table, target: target, context: context, options: options,
            rowsPerStatement: rowsPerStatement, isAtomic: atomic)
        do {
            let names = try await writer.columns(given: columns, sourceColumns: rows.columns, backend: backend)
            let copied = atomic
                ? try await backend.withTransaction { _ in try await writer.write(rows, columns: names) }
                : try await writer.write(rows, columns: names)
            return CopySummary(rowsCopied: copied, sources: [], target: target, isAtomic: atomic)
        } catch {
            rows.cancel()
            throw error
        }
    }

    /// The backend named `target` and its store, which must write insert statements.
    private func copyTarget(_ target: String) throws -> (any Backend, any EntityStore) {
        let backend = try backends.backend(named: target)
        guard let store = backend.entityStore, store.insertStatement(into: "probe", columns: ["probe"], rows: [[.null]]) != nil else {
            throw SwitchyardError(.unsupported, "backend '\(target)' cannot take copied rows: its adapter writes no insert statements", backend: target)
        }
        return (backend, store)
    }

    /// A source read from the target's own backend, read to its end before the first write:
    /// its connection may be the one the writes need (SQLite in memory has one, a pool may
    /// have one left), and a table copied into itself must not see the rows being added.
    private static func readToEnd(_ rows: ResultSet) async throws -> ResultSet {
        let all = try await rows.collect()
        return ResultSet(columns: rows.columns, rows: all, summary: rows.currentSummary)
    }
}

/// Streams a source's rows into insert statements for one target table.
private struct CopyWriter: Sendable {
    let orchestrator: Orchestrator
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
    func columns(given: [String]?, sourceColumns: Columns, backend: any Backend) async throws -> [String] {
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
        var batch: [[Value]] = []
        batch.reserveCapacity(perStatement)
        var written = 0
        // The rows of an insert under way when the copy failed: the server may have written them, or some.
        var inFlight = 0
        do {
            for try await row in rows {
                batch.append(row.values)
                if batch.count == perStatement {
                    inFlight = batch.count
                    written += try await insert(batch, columns: columns)
                    inFlight = 0
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
            if !batch.isEmpty { written += try await insert(batch, columns: columns) }
            return written
        } catch where written + inFlight > 0 && !isAtomic && (error is SwitchyardError || error is CancellationError) {
            // Cancelled (Ctrl-C) too: what stays written is what the caller needs to know.
            var failure = error as? SwitchyardError ?? SwitchyardError(.cancelled, "the copy was cancelled")
            let more = inFlight == 0 ? "" : ", and the insert it stopped in may have written up to \(inFlight) more"
            failure.detail = [failure.detail, "\(written) row(s) were already written to '\(target)', which has no transactions\(more): they stay"]
                .compactMap { $0 }.joined(separator: "\n")
            throw failure
        }
    }

    private func insert(_ batch: [[Value]], columns: [String]) async throws -> Int {
        guard let statement = store.insertStatement(into: table, columns: columns, rows: batch) else { return 0 }
        let request = QueryRequest(statement, target: .backend(target), context: context, options: options)
        let summary = try await orchestrator.run(request).rows.summary()
        return summary.rowsAffected ?? batch.count
    }
}
