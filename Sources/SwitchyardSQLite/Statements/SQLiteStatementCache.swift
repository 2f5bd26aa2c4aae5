/// One connection's prepared statements, keyed by SQL text, least recently used
/// evicted first.
///
/// Preparing is the expensive part of a small query (parsing, planning), so a
/// statement run again is taken from here, reset and rebound. A statement in use by
/// an open result is never handed out twice: a second user of the same text gets a
/// fresh, uncached statement. Not `Sendable`: only its connection's thread touches it.
final class SQLiteStatementCache {
    let capacity: Int
    private var entries: [String: SQLitePreparedStatement] = [:]
    /// The entry found or added last: a loop running one statement finds it by comparing
    /// its text (the same string's storage compares at once) instead of hashing it.
    private var recent: SQLitePreparedStatement?
    private var clock: UInt64 = 0

    init(capacity: Int) { self.capacity = capacity }

    var count: Int { entries.count }

    /// The cached statement for `sql`, marked in use; `nil` when absent or already in use.
    func checkout(_ sql: String) -> SQLitePreparedStatement? {
        guard let statement = entry(for: sql), !statement.isInUse else { return nil }
        clock &+= 1
        statement.lastUsed = clock
        statement.isInUse = true
        return statement
    }

    /// The cached statement for `sql` to run on the caller's thread (see
    /// ``SQLiteConnection/runInline(_:)``), marked in use; `nil` when absent, in use, or
    /// resting after it ran past the inline budget.
    func checkoutForInline(_ sql: String) -> SQLitePreparedStatement? {
        guard let statement = entry(for: sql), !statement.isInUse else { return nil }
        if statement.threadRunsBeforeInline > 0 {
            statement.threadRunsBeforeInline -= 1
            return nil
        }
        clock &+= 1
        statement.lastUsed = clock
        statement.isInUse = true
        return statement
    }

    /// Whether a new statement for `sql` may be cached (caching on, and no entry in use for it).
    func accepts(_ sql: String) -> Bool { capacity > 0 && entry(for: sql) == nil }

    private func entry(for sql: String) -> SQLitePreparedStatement? {
        if let recent, recent.sql == sql { return recent }
        let found = entries[sql]
        if found != nil { recent = found }
        return found
    }

    /// Adds `statement` (already in use), evicting the least recently used idle entries beyond capacity.
    func insert(_ statement: SQLitePreparedStatement) {
        clock &+= 1
        statement.lastUsed = clock
        statement.isInUse = true
        entries[statement.sql] = statement
        recent = statement
        while entries.count > capacity {
            guard let victim = entries.values.filter({ !$0.isInUse }).min(by: { $0.lastUsed < $1.lastUsed }) else { break }
            entries.removeValue(forKey: victim.sql)
            if victim === recent { recent = nil }
            victim.finalize()
        }
    }

    /// Takes back a statement after use: reset for the next run, or finalized when it is
    /// not (or no longer) cached.
    func checkin(_ statement: SQLitePreparedStatement) {
        statement.reset()
        statement.isInUse = false
        if !statement.isCached || statement.isEvicted { statement.finalize() }
    }

    /// Finalizes every idle statement; ones still in use are finalized at check-in.
    func removeAll() {
        for statement in entries.values {
            if statement.isInUse { statement.isEvicted = true } else { statement.finalize() }
        }
        entries.removeAll()
        recent = nil
    }
}
