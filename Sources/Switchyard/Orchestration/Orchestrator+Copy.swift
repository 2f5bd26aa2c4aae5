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
    /// many rows that was. When a statement fails because of one of its rows (a constraint,
    /// a value the column cannot take), the error's message begins with the row's position
    /// in the source, `row 1001 of the source`, and where it came from when the rows'
    /// stream is ``RowOrigins`` (a file's line): the row is found after the failure, by
    /// halving the statement's rows in savepoints of the copy's transaction. A source the row limit cut short (``ExecutionSummary/truncatedAt``)
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
        let (backend, store) = try copyTarget(target)
        // Started before the transaction: the source streams on a connection of its own.
        let result = try await run(source)
        do {
            let rows = result.route.targets.contains(target) ? try await Self.readToEnd(result.rows) : result.rows
            let writer = CopyWriter(
                orchestrator: self, backend: backend, store: store, table: table, target: target, context: source.context,
                options: source.options, rowsPerStatement: rowsPerStatement, isAtomic: backend.capabilities.supports(.transactions))
            var summary = try await copy(rows, with: writer, columns: columns)
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
        let writer = CopyWriter(
            orchestrator: self, backend: backend, store: store, table: table, target: target, context: context, options: options,
            rowsPerStatement: rowsPerStatement, isAtomic: backend.capabilities.supports(.transactions))
        return try await copy(rows, with: writer, columns: columns)
    }

    /// Writes `rows` with `writer`, in one transaction when the writer's target has them.
    private func copy(_ rows: ResultSet, with writer: CopyWriter, columns: [String]?) async throws -> CopySummary {
        do {
            let names = try await writer.columns(given: columns, sourceColumns: rows.columns)
            let copied = writer.isAtomic
                ? try await writer.backend.withTransaction { _ in try await writer.write(rows, columns: names) }
                : try await writer.write(rows, columns: names)
            return CopySummary(rowsCopied: copied, sources: [], target: writer.target, isAtomic: writer.isAtomic)
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
