/// What identifies a cached result: the statement as normalised text, its bindings, who
/// asked (user and tenant, since row-level security or tenant routing may answer them
/// differently) and where it was sent.
struct ResultCacheKey: Sendable, Hashable {
    var text: String
    var language: QueryLanguage
    var bindings: [Value]
    var user: String?
    var tenant: String?
    var target: TargetHint

    init(_ request: QueryRequest) {
        text = Self.normalize(request.statement.text)
        language = request.statement.language
        bindings = request.statement.bindings
        user = request.context.user
        tenant = request.context.tenant
        target = request.target
    }

    /// Comments dropped, whitespace collapsed, unquoted words upper-cased, trailing `;` removed,
    /// so `select *  from t;` and `SELECT * FROM t` share an entry.
    /// Text whose strings or comments the dialects read differently (``SQLTokenizer/readings(of:)``) is
    /// its own key: what one reading takes for a word may be inside a string or comment for another.
    static func normalize(_ sql: String) -> String {
        guard SQLTokenizer.readings(of: sql).count == 1 else { return sql }
        var parts: [String] = []
        for token in SQLTokenizer(sql) {
            switch token.kind {
            case .whitespace, .comment: continue
            case .word: parts.append(token.text.uppercased())
            default: parts.append(String(token.text))
            }
        }
        while parts.last == ";" { parts.removeLast() }
        return parts.joined(separator: " ")
    }
}

/// One stored result.
struct ResultCacheEntry: Sendable {
    var columns: Columns
    var rows: [Row]
    var summary: ExecutionSummary
    var route: Route
    var tables: Set<String>
    var storedAt: ContinuousClock.Instant
    /// How long this entry lives: the cache's TTL, or the shortest of its tables' own.
    var ttl: Duration
    var lastUsed: UInt64
}

/// The cache's memory: bounded by entries and by rows in all, least recently used evicted
/// first, entries expiring after a time to live, and a generation per table so a read that
/// raced a write to its tables is not stored.
final class ResultCacheStore: Sendable {
    private struct State: Sendable {
        var entries: [ResultCacheKey: ResultCacheEntry] = [:]
        var totalRows = 0
        var tick: UInt64 = 0
        /// Bumped by every write to the table; `nil` key entries are under `everything`.
        var tableGenerations: [String: UInt64] = [:]
        /// Bumped by writes whose tables are unknown: they may touch anything.
        var everything: UInt64 = 0
    }

    /// Table generations seen when a read started.
    struct Snapshot: Sendable {
        var tables: [String: UInt64]
        var everything: UInt64
    }

    let maxEntries: Int
    let maxTotalRows: Int
    private let state = Locked(State())

    init(maxEntries: Int, maxTotalRows: Int) {
        self.maxEntries = max(1, maxEntries)
        self.maxTotalRows = max(0, maxTotalRows)
    }

    var count: Int { state.withLock { $0.entries.count } }
    var totalRows: Int { state.withLock { $0.totalRows } }

    /// The live entry for `key`, marked as just used; expired entries are dropped.
    func lookup(_ key: ResultCacheKey, now: ContinuousClock.Instant) -> ResultCacheEntry? {
        state.withLock { state in
            guard var entry = state.entries[key] else { return nil }
            guard now - entry.storedAt < entry.ttl else {
                state.totalRows -= entry.rows.count
                state.entries[key] = nil
                return nil
            }
            state.tick += 1
            entry.lastUsed = state.tick
            state.entries[key] = entry
            return entry
        }
    }

    func snapshot(of tables: Set<String>) -> Snapshot {
        state.withLock { state in
            Snapshot(
                tables: Dictionary(uniqueKeysWithValues: tables.map { ($0, state.tableGenerations[$0] ?? 0) }),
                everything: state.everything)
        }
    }

    /// Stores `entry` unless a write touched its tables since `snapshot`; evicts least recently used entries to fit.
    func store(_ key: ResultCacheKey, _ entry: ResultCacheEntry, ifUnchangedSince snapshot: Snapshot) {
        let maxEntries = maxEntries
        let maxTotalRows = maxTotalRows
        state.withLock { state in
            guard state.everything == snapshot.everything,
                snapshot.tables.allSatisfy({ state.tableGenerations[$0.key] ?? 0 == $0.value }),
                entry.rows.count <= maxTotalRows
            else { return }
            if let old = state.entries[key] { state.totalRows -= old.rows.count }
            state.tick += 1
            var entry = entry
            entry.lastUsed = state.tick
            state.entries[key] = entry
            state.totalRows += entry.rows.count
            while state.entries.count > maxEntries || state.totalRows > maxTotalRows {
                guard let oldest = state.entries.min(by: { $0.value.lastUsed < $1.value.lastUsed }) else { break }
                state.totalRows -= oldest.value.rows.count
                state.entries[oldest.key] = nil
            }
        }
    }

    /// Drops entries reading any of `tables`; an empty set means the write's tables are unknown: drop everything.
    func invalidate(tables: Set<String>) {
        state.withLock { state in
            if tables.isEmpty {
                state.everything += 1
                state.entries = [:]
                state.totalRows = 0
                return
            }
            for table in tables { state.tableGenerations[table, default: 0] += 1 }
            for (key, entry) in state.entries where !entry.tables.isDisjoint(with: tables) {
                state.totalRows -= entry.rows.count
                state.entries[key] = nil
            }
        }
    }
}
