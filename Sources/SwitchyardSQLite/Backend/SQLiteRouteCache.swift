import Switchyard
import Synchronization

/// Remembers, per SQL text, whether ``StatementKind/classify(sql:)`` called it a read.
///
/// Classifying tokenizes the text, which costs more than the rest of routing a small
/// query; applications repeat the same texts, so the answer is kept. The table is
/// bounded: when full it starts over rather than tracking recency.
final class SQLiteRouteCache: Sendable {
    private let capacity: Int
    private let isRead = Mutex<[String: Bool]>([:])

    init(capacity: Int = 1024) { self.capacity = capacity }

    /// Whether `sql` is a candidate for a reader connection (classified `.read`).
    func isReadCandidate(_ sql: String) -> Bool {
        if let known = isRead.withLock({ $0[sql] }) { return known }
        let answer = StatementKind.classify(sql: sql) == .read
        isRead.withLock { table in
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[sql] = answer
        }
        return answer
    }
}
