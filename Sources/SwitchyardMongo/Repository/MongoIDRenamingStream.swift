import Switchyard

/// Streams another result with its `_id` column called `id`, the entity field it stores.
///
/// Each distinct `Columns` of the base stream is renamed once and reused, so the cost
/// per row is one identity check.
final class MongoIDRenamingStream: RowStream {
    private let base: any RowStream
    private let renamed = Locked<(source: Columns?, target: Columns?)>((nil, nil))

    init(base: any RowStream) { self.base = base }

    static func rename(_ columns: Columns) -> Columns {
        Columns(columns.columns.map { Column($0.name == "_id" ? "id" : $0.name, declaredType: $0.declaredType) })
    }

    func nextBatch() async throws -> [Row] {
        renaming(try await base.nextBatch())
    }

    func readyBatch() -> ReadyBatch? {
        guard var ready = base.readyBatch() else { return nil }
        ready.rows = renaming(ready.rows)
        return ready
    }

    private func renaming(_ rows: [Row]) -> [Row] {
        rows.map { row in
            let target = renamed.withLock { cache -> Columns in
                if let source = cache.source, source === row.columns, let target = cache.target { return target }
                let made = MongoIDRenamingStream.rename(row.columns)
                cache = (row.columns, made)
                return made
            }
            return row.relabeled(target)
        }
    }

    func summary() -> ExecutionSummary { base.summary() }
    func cancel() { base.cancel() }
}
