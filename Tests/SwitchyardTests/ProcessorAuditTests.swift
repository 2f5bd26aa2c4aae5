import Logging
import Switchyard
import Testing

/// An in-memory audit store whose saves can be slowed or made to fail: what is under test is
/// the processor's queueing and error handling, not a database.
final class AuditStore: Repository, Sendable {
    typealias Model = AuditRecord
    let saved = Locked<[AuditRecord]>([])
    let delay: Duration
    let fails: Bool

    init(delay: Duration = .zero, fails: Bool = false) {
        self.delay = delay
        self.fails = fails
    }

    func save(_ entity: AuditRecord) async throws {
        try await Task.sleep(for: delay)
        if fails { throw SwitchyardError(.connection, "audit database is down") }
        saved.withLock { $0.append(entity) }
    }

    func find(id: String) async throws -> AuditRecord? { saved.value.first { $0.id == id } }
    func find(where predicate: Predicate, orderBy: [SortKey], page: Page) async throws -> [AuditRecord] { saved.value }
    func count(where predicate: Predicate) async throws -> Int { saved.value.count }
    func delete(id: String) async throws -> Bool { false }
}

@Suite struct ProcessorAuditTests {
    let ok = ScriptedTerminal { _, _ in tableResult(["n"], [[.int(1)], [.int(2)]], backend: "main") }

    @Test func aRecordIsWrittenOnceTheResultHasBeenRead() async throws {
        let store = AuditStore()
        let log = AuditLog(repository: store)
        let request = QueryRequest(Statement("SELECT n FROM t WHERE k = ?", ["key"]), context: CallerContext(user: "ada", correlationID: "c-1"))
        _ = try await runValues([AuditProcessor(log: log)], request, ok)
        await log.flush()
        let record = try #require(store.saved.value.first)
        #expect(record.backend == "main")
        #expect(record.bindings == "[***]")
        #expect(record.user == "ada" && record.correlationID == "c-1")
        #expect(record.rows == 2 && record.outcome == "ok")
    }

    @Test func aFailedStatementIsRecordedWithItsError() async throws {
        let store = AuditStore()
        let log = AuditLog(repository: store)
        let failing = ScriptedTerminal { _, _ in throw SwitchyardError(.syntax, "near FORM", backend: "main") }
        _ = await processorError { _ = try await runValues([AuditProcessor(log: log)], QueryRequest("SELECT * FORM t"), failing) }
        await log.flush()
        #expect(store.saved.value.map(\.outcome) == ["error"])
        #expect(store.saved.value.first?.error?.contains("near FORM") == true)
    }

    @Test func aFailingAuditStoreNeverFailsTheRequestAndIsLogged() async throws {
        let lines = Locked<[(level: Logger.Level, message: String, metadata: [String: String])]>([])
        let log = AuditLog(repository: AuditStore(fails: true), logger: Logger(label: "test") { _ in CapturingLogHandler(lines: lines) })
        let values = try await runValues([AuditProcessor(log: log)], QueryRequest("SELECT n FROM t"), ok)
        await log.flush()
        #expect(values.count == 2)
        #expect(lines.value.contains { $0.level == .error && $0.message.contains("audit") })
    }

    @Test func aSlowAuditStoreDoesNotSlowTheRequest() async throws {
        // A store far slower than the request, so a loaded machine still tells them apart.
        let store = AuditStore(delay: .seconds(5))
        let log = AuditLog(repository: store)
        let start = ContinuousClock.now
        _ = try await runValues([AuditProcessor(log: log)], QueryRequest("SELECT n FROM t"), ok)
        #expect(ContinuousClock.now - start < .seconds(4))
        #expect(store.saved.value.isEmpty)
        await log.flush()
        #expect(store.saved.value.count == 1)
    }

    @Test func aResultTheCallerStopsReadingIsRecordedAsStopped() async throws {
        let store = AuditStore()
        let log = AuditLog(repository: store)
        let result = try await ProcessorChain([AuditProcessor(log: log)]).run(QueryRequest("SELECT n FROM t"), terminal: ok.handler)
        result.rows.cancel()
        await log.flush()
        #expect(store.saved.value.map(\.outcome) == ["stopped"])
    }
}
