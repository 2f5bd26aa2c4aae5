import Switchyard
import Synchronization

/// Parsed `.mongo` statements by text, so a statement an application repeats (with new
/// bound values each time) is parsed once: the MongoDB counterpart of a prepared-statement
/// cache.
///
/// Parsing is pure, so a cached statement is the same value a fresh parse would give;
/// binding happens after, on a copy. Texts that fail to parse are not cached. The table
/// is bounded: when full it starts over rather than tracking recency. Very long texts
/// (large `insertMany` literals) are cached too, since they are what repeats in a load.
final class MongoStatementCache: Sendable {
    /// The process's cache, shared by every backend and by ``MongoStatementClassifier``, so a
    /// statement a read-only guard classified is not parsed again by the backend.
    static let shared = MongoStatementCache()

    private let capacity: Int
    private let statements = Mutex<[String: MongoShellStatement]>([:])

    init(capacity: Int = 256) { self.capacity = capacity }

    func parse(_ text: String) throws -> MongoShellStatement {
        if let known = statements.withLock({ $0[text] }) { return known }
        let parsed = try MongoShellParser.parse(text)
        statements.withLock { table in
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[text] = parsed
        }
        return parsed
    }
}
