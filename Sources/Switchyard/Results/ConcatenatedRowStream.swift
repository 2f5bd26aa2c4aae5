extension ResultSet {
    /// The rows of several results one after another, with a first column `backend`
    /// naming the source. Columns come from the first result.
    public static func concatenating(_ parts: [(source: String, rows: ResultSet)]) -> ResultSet {
        let base = parts.first?.rows.columns.columns ?? []
        let columns = Columns([Column("backend", declaredType: "text")] + base)
        return ResultSet(columns: columns, stream: ConcatenatedRowStream(parts: parts, columns: columns))
    }
}

/// Streams each part in turn, prefixing every row with its source's name.
final class ConcatenatedRowStream: RowStream {
    private let parts: [(source: String, rows: ResultSet)]
    private let columns: Columns
    private let state = Locked((part: 0, iterator: ResultSet.Iterator?.none, summary: ExecutionSummary()))

    init(parts: [(source: String, rows: ResultSet)], columns: Columns) {
        self.parts = parts
        self.columns = columns
    }

    func nextBatch() async throws -> [Row] {
        var (part, iterator, summary) = state.withLock { ($0.part, $0.iterator, $0.summary) }
        var batch = RowBatchBuilder(columns: columns)
        let width = columns.count - 1
        while part < parts.count, batch.count < 256 {
            var it = iterator ?? parts[part].rows.makeAsyncIterator()
            if let row = try await it.next() {
                // The source, then the leg's values cut or padded to the common width.
                batch.append(.text(parts[part].source))
                for value in row.prefix(width) { batch.append(value) }
                for _ in row.count..<max(row.count, width) { batch.append(.null) }
                batch.endRow()
                iterator = it
            } else {
                let legSummary = parts[part].rows.currentSummary
                if let affected = legSummary.rowsAffected { summary.rowsAffected = (summary.rowsAffected ?? 0) + affected }
                part += 1
                iterator = nil
            }
        }
        summary.rowsReturned += batch.count
        state.withLock { [iterator, summary] in $0 = (part, iterator, summary) }
        return batch.rows()
    }

    func summary() -> ExecutionSummary { state.withLock { $0.summary } }
    func cancel() { for part in parts { part.rows.cancel() } }
}
