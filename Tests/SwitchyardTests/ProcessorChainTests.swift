import Testing
import Switchyard

/// Appends "<name>.validate", "<name>.before" and "<name>.after" to a shared log.
struct LoggingProcessor: DataProcessor {
    let name: String
    let log: Locked<[String]>
    var refuses = false

    func validate(_ request: QueryRequest) throws {
        log.withLock { $0.append("\(name).validate") }
        if refuses { throw SwitchyardError(.rejected, "\(name) refuses") }
    }

    func process(_ request: QueryRequest, next: QueryHandler) async throws -> QueryResult {
        log.withLock { $0.append("\(name).before") }
        let result = try await next(request)
        log.withLock { $0.append("\(name).after") }
        return result
    }
}

@Suite struct ProcessorChainTests {
    @Test func validatesAllFirstThenProcessesInOrderAndUnwindsInReverse() async throws {
        let log = Locked<[String]>([])
        let chain = ProcessorChain(["a", "b", "c"].map { LoggingProcessor(name: $0, log: log) })
        let terminal = RecordingTerminal()
        _ = try await chain.run(QueryRequest("SELECT 1"), terminal: terminal.handler)
        #expect(log.value == [
            "a.validate", "b.validate", "c.validate", "a.before", "b.before", "c.before", "c.after", "b.after", "a.after",
        ])
        #expect(terminal.received.value.count == 1)
    }

    @Test func aFailedValidationStopsBeforeAnythingIsProcessed() async throws {
        let log = Locked<[String]>([])
        let chain = ProcessorChain([
            LoggingProcessor(name: "a", log: log), LoggingProcessor(name: "b", log: log, refuses: true),
            LoggingProcessor(name: "c", log: log),
        ])
        let terminal = RecordingTerminal()
        let error = await #expect(throws: SwitchyardError.self) {
            try await chain.run(QueryRequest("SELECT 1"), terminal: terminal.handler)
        }
        #expect(error?.kind == .rejected)
        #expect(log.value == ["a.validate", "b.validate"])
        #expect(terminal.received.value.isEmpty)
    }

    @Test func anEmptyChainCallsTheTerminal() async throws {
        let terminal = RecordingTerminal(rows: 2)
        let result = try await ProcessorChain([]).run(QueryRequest("SELECT 1"), terminal: terminal.handler)
        #expect(try await result.rows.collect().count == 2)
    }
}
