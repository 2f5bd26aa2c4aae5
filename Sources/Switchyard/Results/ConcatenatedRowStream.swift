extension ResultSet {
    /// The rows of several results one after another, with a first column naming each
    /// row's source.
    ///
    /// Columns are matched by name, not position: the result's columns are the union of the
    /// parts' columns in first-seen order, each part's values under their own names and NULL
    /// under the names it lacks. A name repeated within a part is matched by occurrence. The
    /// source column is called `backend`, or `backend_1` (`backend_2`, …) when a part has a
    /// column called `backend`; it is always the first column. A column whose parts declare
    /// different types has no ``Column/declaredType``; each value keeps its own type. When no
    /// part has columns (a write sent to several backends), neither has the result.
    ///
    /// The summary adds up the parts' ``ExecutionSummary/rowsAffected`` and carries their
    /// notices and warnings prefixed with their source (`pg: NOTICE: …`); when no part has
    /// columns it also keeps each part's own summary in ``ExecutionSummary/legs``.
    ///
    /// ```swift
    /// // pg answers (id, name), docs answers (_id, name, email):
    /// let rows = ResultSet.concatenating([(source: "pg", rows: pgRows), (source: "docs", rows: docRows)])
    /// // columns: backend, id, name, _id, email
    /// ```
    public static func concatenating(_ parts: [(source: String, rows: ResultSet)]) -> ResultSet {
        let merged = MergedColumns(legs: parts.map(\.rows.columns))
        let withoutColumns = parts.allSatisfy { $0.rows.columns.isEmpty }
        return ResultSet(
            columns: withoutColumns ? Columns.empty : merged.columns,
            stream: ConcatenatedRowStream(parts: parts, merged: merged, keepsLegs: withoutColumns))
    }
}

/// Streams each part in turn, prefixing every row with its source's name and placing its
/// values under the merged columns.
final class ConcatenatedRowStream: RowStream {
    private let parts: [(source: String, rows: ResultSet)]
    private let merged: MergedColumns
    private struct State: Sendable {
        var part = 0
        var iterator: ResultSet.Iterator?
        /// Where the current part's rows' values go: its map, or one made for rows whose columns differ.
        var map: MergedColumns.LegMap?
        var summary = ExecutionSummary()
    }
    private let state = Locked(State())

    /// Whether the summary keeps each part's own (``ExecutionSummary/legs``): for parts
    /// without rows (a write on several backends), where it is what there is to say.
    private let keepsLegs: Bool

    init(parts: [(source: String, rows: ResultSet)], merged: MergedColumns, keepsLegs: Bool) {
        self.parts = parts
        self.merged = merged
        self.keepsLegs = keepsLegs
    }

    func nextBatch() async throws -> [Row] {
        var current = state.withLock { $0 }
        var batch = RowBatchBuilder(columns: merged.columns)
        while current.part < parts.count, batch.count < 256 {
            var it = current.iterator ?? parts[current.part].rows.makeAsyncIterator()
            if let row = try await it.next() {
                // Made once per part, and again only for rows whose columns differ (MongoDB batches).
                if current.map?.columns !== row.columns {
                    current.map = merged.map(forLeg: current.part, rowColumns: row.columns)
                }
                batch.append(.text(parts[current.part].source))
                if let positions = current.map?.positions, !positions.isEmpty {
                    for position in positions { batch.append(position >= 0 ? row[position] : .null) }
                } else {
                    for value in row { batch.append(value) }
                }
                batch.endRow()
                current.iterator = it
            } else {
                current.summary.add(leg: parts[current.part].rows.currentSummary, from: parts[current.part].source, keeping: keepsLegs)
                current.part += 1
                current.iterator = nil
                current.map = nil
            }
        }
        current.summary.rowsReturned += batch.count
        state.withLock { [current] in $0 = current }
        return batch.rows()
    }

    func summary() -> ExecutionSummary { state.withLock { $0.summary } }
    func cancel() { for part in parts { part.rows.cancel() } }
}

extension ExecutionSummary {
    /// Takes in a finished leg of a fan-out: its count, its own summary, its messages under its name.
    mutating func add(leg: ExecutionSummary, from source: String, keeping keepsLeg: Bool) {
        if let affected = leg.rowsAffected { rowsAffected = (rowsAffected ?? 0) + affected }
        if keepsLeg { legs.append(Leg(source: source, summary: leg)) }
        if !leg.notices.isEmpty { notices += leg.notices.map { "\(source): \($0)" } }
        if !leg.warnings.isEmpty { warnings += leg.warnings.map { "\(source): \($0)" } }
    }
}
