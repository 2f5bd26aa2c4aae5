import Synchronization

/// Remembers ``StatementKind/classify(sql:)``'s answer per SQL text.
///
/// Every request through a ``ReadOnlyGuard`` (and every statement-kind routing rule) is
/// classified, and classifying tokenizes the text twice: measured in `Benchmarks/` as the
/// largest cost of a point lookup through the ``Orchestrator`` after the thread hand-offs.
/// Applications repeat the same texts with new bound values, and classification depends on
/// the text alone, so the answer is kept. Bounded: texts longer than
/// ``longestCachedText`` bytes are classified every time (a large multi-row INSERT is
/// unlikely to repeat and would hold memory), and a full table starts over.
final class StatementKindCache: Sendable {
    static let shared = StatementKindCache()

    static let longestCachedText = 4096
    private let capacity: Int
    private let kinds = Mutex<[String: StatementKind]>([:])

    init(capacity: Int = 1024) { self.capacity = capacity }

    func kind(of sql: String, classify: (String) -> StatementKind) -> StatementKind {
        guard sql.utf8.count <= Self.longestCachedText else { return classify(sql) }
        if let known = kinds.withLock({ $0[sql] }) { return known }
        let kind = classify(sql)
        kinds.withLock { table in
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[sql] = kind
        }
        return kind
    }
}
