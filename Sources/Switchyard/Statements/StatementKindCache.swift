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
    private struct State {
        var kinds: [String: StatementKind] = [:]
        /// The text asked about last and its kind: a loop repeating one statement is answered
        /// by comparing the text (the same string's storage compares at once) instead of hashing it.
        var last: (text: String, kind: StatementKind)?
    }

    private let state = Mutex(State())

    init(capacity: Int = 1024) { self.capacity = capacity }

    func kind(of sql: String, classify: (String) -> StatementKind) -> StatementKind {
        guard sql.utf8.count <= Self.longestCachedText else { return classify(sql) }
        let known = state.withLock { state -> StatementKind? in
            if let last = state.last, last.text == sql { return last.kind }
            guard let kind = state.kinds[sql] else { return nil }
            state.last = (sql, kind)
            return kind
        }
        if let known { return known }
        let kind = classify(sql)
        state.withLock { state in
            if state.kinds.count >= capacity { state.kinds.removeAll(keepingCapacity: true) }
            state.kinds[sql] = kind
            state.last = (sql, kind)
        }
        return kind
    }
}
