import Switchyard

/// The cursors open inside one transaction (or session), so they can be closed before `COMMIT`
/// or `ROLLBACK`, and whether the transaction has ended.
///
/// `@unchecked Sendable` because the cursor list is confined to the connection's
/// thread (cursors register and unregister from their jobs, and the transaction
/// closes them from its final job), which also makes its exclusivity checks
/// unnecessary; the ended flag is behind a lock.
final class PostgresTransactionState: @unchecked Sendable {
    /// The results the body has not read to their end: few at a time, most often none or the
    /// newest, so a list searched from its end. A dictionary cost each statement of a session
    /// two hashes and a table update (≈ 250 instructions of a lookup).
    @exclusivity(unchecked) private var openCursors: [PostgresCursor] = []
    private let ended = Locked(false)
    /// What the cursors belong to (`transaction`, `session`), for the errors reading one after it
    /// ended or running one after its connection was lost.
    let scope: String

    init(scope: String = "transaction") { self.scope = scope }

    /// On the connection thread.
    func opened(_ cursor: PostgresCursor) { openCursors.append(cursor) }

    /// On the connection thread.
    func closed(_ cursor: PostgresCursor) {
        if let index = openCursors.lastIndex(where: { $0 === cursor }) { openCursors.remove(at: index) }
    }

    /// On the connection thread: closes every cursor still open and marks the transaction
    /// ended. Returns whether it cut off a result that was still streaming.
    @discardableResult
    func end() -> Bool {
        ended.withLock { $0 = true }
        let cut = !openCursors.isEmpty
        for cursor in openCursors { cursor.closeForEndOf(scope) }
        openCursors.removeAll()
        return cut
    }

    var hasEnded: Bool { ended.value }
}
