import Switchyard
import Testing

@Suite struct ProcessorResultCacheTests {
    /// Answers `rows` one-column rows, counting calls.
    func backend(rows: Int = 2) -> ScriptedTerminal {
        ScriptedTerminal { _, _ in tableResult(["n"], (0..<rows).map { [.int(Int64($0))] }) }
    }

    func run(_ cache: ResultCache, _ request: QueryRequest, _ terminal: ScriptedTerminal) async throws -> QueryResult {
        let result = try await ProcessorChain([cache]).run(request, terminal: terminal.handler)
        _ = try await result.rows.collect()
        return result
    }

    @Test func aRepeatedReadIsAnsweredFromTheCacheAndSaysSo() async throws {
        let cache = ResultCache()
        let terminal = backend()
        let first = try await run(cache, QueryRequest("SELECT n FROM t"), terminal)
        let second = try await ProcessorChain([cache]).run(QueryRequest("select  n\nfrom t;"), terminal: terminal.handler)
        #expect(terminal.calls == 1)
        #expect(first.notices.isEmpty)
        #expect(second.notices.contains { $0.hasPrefix("cache hit") })
        #expect(try await second.rows.collect().map(\.values) == [[.int(0)], [.int(1)]])
    }

    @Test func differentBindingsOrCallersAreDifferentEntries() async throws {
        let cache = ResultCache()
        let terminal = backend()
        _ = try await run(cache, QueryRequest(Statement("SELECT n FROM t WHERE a = ?", [1])), terminal)
        _ = try await run(cache, QueryRequest(Statement("SELECT n FROM t WHERE a = ?", [2])), terminal)
        _ = try await run(cache, QueryRequest(Statement("SELECT n FROM t WHERE a = ?", [1]), context: CallerContext(user: "eve")), terminal)
        _ = try await run(cache, QueryRequest(Statement("SELECT n FROM t WHERE a = ?", [1]), context: CallerContext(tenant: "t2")), terminal)
        #expect(terminal.calls == 4)
        _ = try await run(cache, QueryRequest(Statement("SELECT n FROM t WHERE a = ?", [1]), context: CallerContext(user: "eve")), terminal)
        #expect(terminal.calls == 4)
    }

    @Test func aWriteToTheSameTableInvalidatesButOtherTablesDoNot() async throws {
        let cache = ResultCache()
        let terminal = backend()
        _ = try await run(cache, QueryRequest("SELECT n FROM t"), terminal)
        _ = try await run(cache, QueryRequest("INSERT INTO other VALUES (1)"), terminal)
        _ = try await run(cache, QueryRequest("SELECT n FROM t"), terminal)
        #expect(terminal.calls == 2)
        _ = try await run(cache, QueryRequest("UPDATE t SET n = 2"), terminal)
        _ = try await run(cache, QueryRequest("SELECT n FROM t"), terminal)
        #expect(terminal.calls == 4)
    }

    @Test func resultsOverTheRowBoundStreamButAreNotStored() async throws {
        let cache = ResultCache(maxRowsPerEntry: 3)
        let terminal = backend(rows: 4)
        let first = try await ProcessorChain([cache]).run(QueryRequest("SELECT n FROM t"), terminal: terminal.handler)
        #expect(try await first.rows.collect().count == 4)
        _ = try await run(cache, QueryRequest("SELECT n FROM t"), terminal)
        #expect(terminal.calls == 2)
        #expect(cache.entryCount == 0)
    }

    @Test func aResultReadOnlyPartlyIsNotStored() async throws {
        let cache = ResultCache()
        let terminal = backend(rows: 2)
        let first = try await ProcessorChain([cache]).run(QueryRequest("SELECT n FROM t"), terminal: terminal.handler)
        first.rows.cancel()
        _ = try await run(cache, QueryRequest("SELECT n FROM t"), terminal)
        #expect(terminal.calls == 2)
    }

    @Test func entriesExpireAfterTheirTimeToLive() async throws {
        let cache = ResultCache(ttl: .milliseconds(50))
        let terminal = backend()
        _ = try await run(cache, QueryRequest("SELECT n FROM t"), terminal)
        try await Task.sleep(for: .milliseconds(80))
        _ = try await run(cache, QueryRequest("SELECT n FROM t"), terminal)
        #expect(terminal.calls == 2)
    }

    @Test func aTablesOwnTimeToLiveAppliesAndTheShortestWinsForAJoin() async throws {
        let cache = ResultCache(ttl: .seconds(60), ttlByTable: ["Prices": .milliseconds(50), "live_feed": .zero])
        let terminal = backend()
        _ = try await run(cache, QueryRequest("SELECT n FROM products"), terminal)
        _ = try await run(cache, QueryRequest("SELECT n FROM products JOIN prices USING (id)"), terminal)
        _ = try await run(cache, QueryRequest("SELECT n FROM live_feed"), terminal)
        _ = try await run(cache, QueryRequest("SELECT n FROM live_feed"), terminal)
        #expect(terminal.calls == 4)  // live_feed is never cached
        try await Task.sleep(for: .milliseconds(80))
        _ = try await run(cache, QueryRequest("SELECT n FROM products"), terminal)  // still cached: 60 s
        _ = try await run(cache, QueryRequest("SELECT n FROM products JOIN prices USING (id)"), terminal)  // expired: 50 ms
        #expect(terminal.calls == 5)
    }

    @Test func theLeastRecentlyUsedEntryIsEvictedFirst() async throws {
        let cache = ResultCache(maxEntries: 2)
        let terminal = backend()
        _ = try await run(cache, QueryRequest("SELECT n FROM a"), terminal)
        _ = try await run(cache, QueryRequest("SELECT n FROM b"), terminal)
        _ = try await run(cache, QueryRequest("SELECT n FROM a"), terminal)  // hit: a is now the most recent
        _ = try await run(cache, QueryRequest("SELECT n FROM c"), terminal)  // evicts b
        #expect(terminal.calls == 3)
        _ = try await run(cache, QueryRequest("SELECT n FROM a"), terminal)
        #expect(terminal.calls == 3)
        _ = try await run(cache, QueryRequest("SELECT n FROM b"), terminal)
        #expect(terminal.calls == 4)
    }

    @Test func totalRowsAreBoundedAcrossEntries() async throws {
        let cache = ResultCache(maxRowsPerEntry: 10, maxTotalRows: 5)
        let terminal = backend(rows: 3)
        _ = try await run(cache, QueryRequest("SELECT n FROM a"), terminal)
        _ = try await run(cache, QueryRequest("SELECT n FROM b"), terminal)
        #expect(cache.entryCount == 1)
    }

    @Test func aReadThatRacedAWriteToItsTableIsNotStored() async throws {
        let cache = ResultCache()
        let columns = Columns(names: ["n"])
        let terminal = ScriptedTerminal { call, request in
            guard request.statement.text.hasPrefix("SELECT"), call == 1 else { return tableResult(["n"], []) }
            let stream = SlowRowStream(batches: [[Row(columns: columns, values: [.int(1)])]], delay: .milliseconds(1))
            return QueryResult(rows: ResultSet(columns: columns, stream: stream), route: Route(targets: ["test"], reason: "slow"))
        }
        let inFlight = try await ProcessorChain([cache]).run(QueryRequest("SELECT n FROM t"), terminal: terminal.handler)
        _ = try await run(cache, QueryRequest("DELETE FROM t"), terminal)
        _ = try await inFlight.rows.collect()
        #expect(cache.entryCount == 0)
        _ = try await run(cache, QueryRequest("SELECT n FROM t"), terminal)
        #expect(terminal.calls == 3)
    }
}
