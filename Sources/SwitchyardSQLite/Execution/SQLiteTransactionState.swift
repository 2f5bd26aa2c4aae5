import Switchyard
import Synchronization

/// The cursors open inside one transaction, so they can be closed before `COMMIT`
/// or `ROLLBACK`, and whether the transaction has ended.
///
/// `@unchecked Sendable` because the cursor table is confined to the writer
/// connection's thread (cursors register and unregister from their jobs, and the
/// transaction closes them from its final job); the ended flag is atomic.
final class SQLiteTransactionState: @unchecked Sendable {
    private var openCursors: [ObjectIdentifier: SQLiteCursor] = [:]
    private let ended = Atomic<Bool>(false)

    /// On the connection thread.
    func opened(_ cursor: SQLiteCursor) { openCursors[ObjectIdentifier(cursor)] = cursor }

    /// On the connection thread.
    func closed(_ cursor: SQLiteCursor) { openCursors.removeValue(forKey: ObjectIdentifier(cursor)) }

    /// On the connection thread: closes every cursor still open and marks the transaction ended.
    func end() {
        ended.store(true, ordering: .releasing)
        for cursor in Array(openCursors.values) { cursor.closeForTransactionEnd() }
        openCursors.removeAll()
    }

    var hasEnded: Bool { ended.load(ordering: .acquiring) }
}
