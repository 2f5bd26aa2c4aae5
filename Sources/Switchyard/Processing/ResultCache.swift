/// Answers repeated reads from memory, and forgets them when a write touches their tables.
///
/// A read's result streams to the caller the first time as usual; its rows are recorded
/// as they pass and stored only if the stream completes within `maxRowsPerEntry` (large
/// results are never held). A hit short-circuits the rest of the pipeline and says so in
/// ``QueryResult/notices``. Writes through this pipeline invalidate entries reading the
/// tables they name (found with ``SQLTokenizer``); a write whose tables cannot be told
/// clears the whole cache. Writes that bypass the pipeline, and reads through views,
/// are not seen: keep the TTL short where that matters.
///
/// Only SQL is cached; reads are statements classified `.read` naming at least one table.
public struct ResultCache: DataProcessor {
    public let name = "cache"
    /// How long a stored result is served, unless ``ttlByTable`` says otherwise for one of its tables.
    public let ttl: Duration
    /// Tables whose results live shorter (or longer) than ``ttl``, lower-cased; a read naming
    /// several lives as long as the shortest. `.zero` keeps a table's reads out of the cache.
    public let ttlByTable: [String: Duration]
    /// The most results held; the least recently used goes first when a new one needs room.
    public let maxEntries: Int
    /// The most rows one result may have to be stored; larger results stream through uncached.
    public let maxRowsPerEntry: Int
    /// The most rows held across all results; the least recently used are evicted to stay under it.
    public let maxTotalRows: Int
    /// Which backends' requests it caches (judged from the request's target before routing).
    public let scope: ProcessorScope
    private let store: ResultCacheStore

    /// Creates a cache; table names in `ttlByTable` match case-insensitively (the shorter time wins
    /// when two names differ only in case).
    public init(
        ttl: Duration = .seconds(60), ttlByTable: [String: Duration] = [:], maxEntries: Int = 1000,
        maxRowsPerEntry: Int = 1000, maxTotalRows: Int = 100_000, scope: ProcessorScope = .global
    ) {
        self.ttl = ttl
        self.ttlByTable = Dictionary(ttlByTable.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { min($0, $1) })
        self.maxEntries = maxEntries
        self.maxRowsPerEntry = max(0, maxRowsPerEntry)
        self.maxTotalRows = maxTotalRows
        self.scope = scope
        self.store = ResultCacheStore(maxEntries: maxEntries, maxTotalRows: maxTotalRows)
    }

    /// `true`: it waits for nothing but the rest of the pipeline and its rows.
    public var honoursDeadline: Bool { true }

    public var summary: String {
        "caches reads of up to \(maxRowsPerEntry) rows for \(ttl), \(maxEntries) entries at most \(scope)"
    }

    /// Results held now.
    public var entryCount: Int { store.count }

    /// Serves a fresh stored result for a cacheable read, otherwise passes the request on: reads that may
    /// be stored are recorded as they stream, and writes invalidate the entries reading their tables.
    public func process(_ request: QueryRequest, next: QueryHandler) async throws -> QueryResult {
        guard scope.applies(to: request), request.statement.language == .sql else { return try await next(request) }
        let shape = SQLStatementShape(sql: request.statement.text)
        switch StatementKind.classify(sql: request.statement.text) {
        case .read where !shape.tables.isEmpty:
            return try await read(request, tables: shape.tables, next: next)
        case .read, .transaction:
            return try await next(request)
        case .write, .schema, .unknown:
            return try await write(request, tables: shape.tables, next: next)
        }
    }

    private func read(_ request: QueryRequest, tables: Set<String>, next: QueryHandler) async throws -> QueryResult {
        let key = ResultCacheKey(request)
        let now = ContinuousClock.now
        if let hit = store.lookup(key, now: now) {
            return QueryResult(
                rows: ResultSet(columns: hit.columns, rows: hit.rows, summary: hit.summary), route: hit.route,
                notices: ["cache hit: stored \(now - hit.storedAt) ago"])
        }
        let lifetime = tables.map { ttlByTable[$0.lowercased()] ?? ttl }.min() ?? ttl
        guard lifetime > .zero else { return try await next(request) }
        let snapshot = store.snapshot(of: tables)
        var result = try await next(request)
        let columns = result.rows.columns
        let route = result.route
        let bound = maxRowsPerEntry
        // Rows seen so far, or nil once the result outgrew the bound.
        let recorded = Locked<[Row]?>([])
        result.rows = result.rows.observed(
            onBatch: { batch in
                recorded.withLock { rows in
                    // Taken out first so appending does not copy the array.
                    guard var kept = rows else { return }
                    rows = nil
                    guard kept.count + batch.count <= bound else { return }
                    kept.append(contentsOf: batch)
                    rows = kept
                }
                return batch
            },
            onFinish: { [store] outcome in
                guard case .completed(let summary) = outcome, let rows = recorded.value else { return }
                let entry = ResultCacheEntry(
                    columns: columns, rows: rows, summary: summary, route: route, tables: tables,
                    storedAt: ContinuousClock.now, ttl: lifetime, lastUsed: 0)
                store.store(key, entry, ifUnchangedSince: snapshot)
            })
        return result
    }

    private func write(_ request: QueryRequest, tables: Set<String>, next: QueryHandler) async throws -> QueryResult {
        // Before, so no reader is answered stale while the write runs; after, once it has surely happened.
        store.invalidate(tables: tables)
        var result: QueryResult
        do {
            result = try await next(request)
        } catch {
            store.invalidate(tables: tables)
            throw error
        }
        store.invalidate(tables: tables)
        result.rows = result.rows.observed(onFinish: { [store] _ in store.invalidate(tables: tables) })
        return result
    }
}
