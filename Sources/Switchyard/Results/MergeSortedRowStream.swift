extension ResultSet {
    /// Merges results that are each already sorted by `keys` into one sorted stream,
    /// with a first column naming the source. Columns are matched by name, as
    /// ``concatenating(_:)`` matches them (the source column is `backend`, or `backend_1`
    /// when a result has a `backend` column of its own).
    ///
    /// A leg whose rows go against `keys` (a statement without the rule's `ORDER BY`, or a
    /// server ordering text by a collation or NULLs last) leaves a warning in the summary
    /// naming the leg and the two rows, once per leg: the merge goes on, but its order may
    /// be wrong. (Failing would refuse results that are only ordered by another collation.)
    public static func mergeSorted(_ parts: [(source: String, rows: ResultSet)], by keys: [Route.SortKey]) -> ResultSet {
        mergeSorted(parts, by: keys, rule: "merge-sort", skipping: 0, limit: nil)
    }

    /// Merges `parts` by `keys`, then skips `offset` rows and ends after `limit`; `rule` names the rule in errors.
    static func mergeSorted(
        _ parts: [(source: String, rows: ResultSet)], by keys: [Route.SortKey], rule: String, skipping offset: Int, limit: Int?
    ) -> ResultSet {
        let merged = MergedColumns(legs: parts.map(\.rows.columns))
        let stream = MergeSortedRowStream(parts: parts, keys: keys, merged: merged, rule: rule, offset: offset, limit: limit)
        return ResultSet(columns: merged.columns, stream: stream)
    }
}

/// A streaming k-way merge: holds one row per leg and emits the smallest, so memory
/// stays at one batch per leg however long the legs are.
final class MergeSortedRowStream: RowStream {
    private struct State: Sendable {
        var started = false
        var iterators: [ResultSet.Iterator]
        var heads: [Row?]
        /// Per leg, where its rows' values go: its map, or one made for rows whose columns differ.
        var maps: [MergedColumns.LegMap]
        /// Rows still to skip for the statement's `OFFSET`, and to hand out for its `LIMIT`.
        var skip: Int
        var remaining: Int
        var summary = ExecutionSummary()
        /// Legs already reported as out of the rule's order.
        var disordered: Set<Int> = []
    }

    private let parts: [(source: String, rows: ResultSet)]
    /// The output columns (the source first) and where each leg's values go under them.
    private let merged: MergedColumns
    /// Output column positions of the sort keys (after the source column), with direction.
    private let keyPositions: [(Int?, Bool)]
    private let keys: [Route.SortKey]
    private let rule: String
    private let state: Locked<State>

    init(
        parts: [(source: String, rows: ResultSet)], keys: [Route.SortKey], merged: MergedColumns, rule: String, offset: Int = 0,
        limit: Int? = nil
    ) {
        self.parts = parts
        self.merged = merged
        self.keys = keys
        self.rule = rule
        let names = Array(merged.columns.names.dropFirst())
        keyPositions = keys.map { (names.firstIndex(of: $0.column), $0.descending) }
        state = Locked(State(
            iterators: parts.map { $0.rows.makeAsyncIterator() }, heads: parts.map { _ in nil }, maps: merged.legs, skip: offset,
            remaining: limit ?? Int.max))
    }

    func nextBatch() async throws -> [Row] {
        var current = state.withLock { $0 }
        if !current.started {
            for leg in parts.indices { current.heads[leg] = try await next(leg, &current) }
            current.started = true
        }
        var batch: [Row] = []
        while batch.count < 256, current.remaining > 0, let leg = smallestHead(current.heads), let row = current.heads[leg] {
            if current.skip > 0 {
                current.skip -= 1
            } else {
                batch.append(row)
                current.remaining -= 1
            }
            let following = try await next(leg, &current)
            // A leg out of order is merged out of order: say so, once per leg.
            if let following, precedes(following, row), current.disordered.insert(leg).inserted {
                current.summary.warnings.append(outOfOrder(leg: leg, row: following, after: row))
            }
            current.heads[leg] = following
        }
        if current.remaining == 0 { cancel() }
        current.summary.rowsReturned += batch.count
        let done = current
        state.withLock { $0 = done }
        return batch
    }

    private func outOfOrder(leg: Int, row: Row, after previous: Row) -> String {
        let order = keys.map { $0.column + ($0.descending ? " DESC" : "") }.joined(separator: ", ")
        let values = { (row: Row) in
            self.keyPositions.compactMap { $0.0 }.map { row.indices.contains($0 + 1) ? row[$0 + 1].description : "?" }.joined(separator: ", ")
        }
        return "the merge-sort rule '\(rule)' merges rows ordered by \(order), but backend '\(parts[leg].source)' returned "
            + "(\(values(row))) after (\(values(previous))), so the merged order may be wrong: end the statement with ORDER BY "
            + "\(order) (for text in PostgreSQL, a collation other than \"C\" orders differently: ORDER BY … COLLATE \"C\")"
    }

    /// The leg's next row, reshaped to the output columns, or nil when it is exhausted.
    private func next(_ leg: Int, _ current: inout State) async throws -> Row? {
        guard let row = try await current.iterators[leg].next() else { return nil }
        if current.maps[leg].columns !== row.columns {
            current.maps[leg] = merged.map(forLeg: leg, rowColumns: row.columns)
        }
        let positions = current.maps[leg].positions
        var values = [Value.text(parts[leg].source)]
        values.reserveCapacity(merged.columns.count)
        if positions.isEmpty {
            values.append(contentsOf: row)
        } else {
            for position in positions { values.append(position >= 0 ? row[position] : .null) }
        }
        return Row(columns: merged.columns, values: values)
    }

    private func smallestHead(_ heads: [Row?]) -> Int? {
        var best: Int?
        for (leg, head) in heads.enumerated() {
            guard let head else { continue }
            guard let b = best, let bestRow = heads[b] else { best = leg; continue }
            if precedes(head, bestRow) { best = leg }
        }
        return best
    }

    /// Rows compare by their key columns in order; ties keep leg order (stable).
    private func precedes(_ a: Row, _ b: Row) -> Bool {
        for (position, descending) in keyPositions {
            guard let position else { continue }
            guard a.indices.contains(position + 1), b.indices.contains(position + 1) else { continue }
            let order = ValueOrdering.compare(a[position + 1], b[position + 1])
            if order != 0 { return descending ? order > 0 : order < 0 }
        }
        return false
    }

    func summary() -> ExecutionSummary { state.withLock { $0.summary } }
    func cancel() { for part in parts { part.rows.cancel() } }
}
