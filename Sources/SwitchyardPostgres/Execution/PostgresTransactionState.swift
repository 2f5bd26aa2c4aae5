import Switchyard

/// The cursors open inside one transaction, so they can be closed before `COMMIT`
/// or `ROLLBACK`, and whether the transaction has ended.
///
/// `@unchecked Sendable` because the cursor table is confined to the connection's
/// thread (cursors register and unregister from their jobs, and the transaction
/// closes them from its final job); the ended flag is behind a lock.
final class PostgresTransactionState: @unchecked Sendable {
    private var openCursors: [ObjectIdentifier: PostgresCursor] = [:]
    private let ended = Locked(false)

    /// On the connection thread.
    func opened(_ cursor: PostgresCursor) { openCursors[ObjectIdentifier(cursor)] = cursor }

    /// On the connection thread.
    func closed(_ cursor: PostgresCursor) { openCursors.removeValue(forKey: ObjectIdentifier(cursor)) }

    /// On the connection thread: closes every cursor still open and marks the transaction ended.
    func end() {
        ended.withLock { $0 = true }
        for cursor in Array(openCursors.values) { cursor.close() }
        openCursors.removeAll()
    }

    var hasEnded: Bool { ended.value }
}
