import Switchyard

/// Streams another result with its `_id` column called `id`, the entity field it stores.
///
/// Each distinct `Columns` of the base stream is renamed once and reused, and the rows of a
/// batch stay over one buffer (``Row/relabeling(_:_:)``): the cost per row is one identity check.
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
        Row.relabeling(rows) { columns in
            renamed.withLock { cache -> Columns in
                if let source = cache.source, source === columns, let target = cache.target { return target }
                let made = MongoIDRenamingStream.rename(columns)
                cache = (columns, made)
                return made
            }
        }
    }

    func summary() -> ExecutionSummary { base.summary() }
    func cancel() { base.cancel() }
}
