extension ResultSet {
    /// Merges results that are each already sorted by `keys` into one sorted stream,
    /// with a first column `backend` naming the source. Columns come from the first
    /// result; other results' columns are matched by name.
    public static func mergeSorted(_ parts: [(source: String, rows: ResultSet)], by keys: [Route.SortKey]) -> ResultSet {
        let base = parts.first?.rows.columns.columns ?? []
        let columns = Columns([Column("backend", declaredType: "text")] + base)
        return ResultSet(columns: columns, stream: MergeSortedRowStream(parts: parts, keys: keys, columns: columns))
    }
}

/// A streaming k-way merge: holds one row per leg and emits the smallest, so memory
/// stays at one batch per leg however long the legs are.
final class MergeSortedRowStream: RowStream {
    private struct State: Sendable {
        var started = false
        var iterators: [ResultSet.Iterator]
        var heads: [Row?]
        var summary = ExecutionSummary()
    }

    private let parts: [(source: String, rows: ResultSet)]
    private let columns: Columns
    /// For each leg, where each output column (after `backend`) sits in that leg's rows.
    private let positions: [[Int?]]
    /// Output column positions of the sort keys (after `backend`), with direction.
    private let keyPositions: [(Int?, Bool)]
    private let state: Locked<State>

    init(parts: [(source: String, rows: ResultSet)], keys: [Route.SortKey], columns: Columns) {
        self.parts = parts
        self.columns = columns
        let names = Array(columns.names.dropFirst())
        positions = parts.map { part in names.map { part.rows.columns.index(of: $0) } }
        keyPositions = keys.map { (names.firstIndex(of: $0.column), $0.descending) }
        state = Locked(State(iterators: parts.map { $0.rows.makeAsyncIterator() }, heads: parts.map { _ in nil }))
    }

    func nextBatch() async throws -> [Row] {
        var current = state.withLock { $0 }
        if !current.started {
            for leg in parts.indices { current.heads[leg] = try await next(leg, &current) }
            current.started = true
        }
        var batch: [Row] = []
        while batch.count < 256, let leg = smallestHead(current.heads), let row = current.heads[leg] {
            batch.append(row)
            current.heads[leg] = try await next(leg, &current)
        }
        current.summary.rowsReturned += batch.count
        let done = current
        state.withLock { $0 = done }
        return batch
    }

    /// The leg's next row, reshaped to the output columns, or nil when it is exhausted.
    private func next(_ leg: Int, _ current: inout State) async throws -> Row? {
        guard let row = try await current.iterators[leg].next() else { return nil }
        let values = positions[leg].map { $0.flatMap { row.indices.contains($0) ? row[$0] : nil } ?? .null }
        return Row(columns: columns, values: [.text(parts[leg].source)] + values)
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
