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

/// An ``InlineProcessor`` that logs its steps, tags the statement in `prepare`, and can be told to fail.
struct InlineLoggingProcessor: InlineProcessor {
    let name: String
    let log: Locked<[String]>
    var refusesResult = false

    func prepare(_ request: inout QueryRequest) throws {
        log.withLock { $0.append("\(name).prepare") }
        request.statement.text += " /* \(name) */"
    }

    func complete(_ result: inout QueryResult, for request: QueryRequest, startedAt: ContinuousClock.Instant) throws {
        log.withLock { $0.append("\(name).complete \(request.statement.text)") }
        if refusesResult { throw SwitchyardError(.rejected, "\(name) refuses the result") }
        result.notices.append("seen by \(name)")
    }

    func fail(_ error: any Error, for request: QueryRequest, startedAt: ContinuousClock.Instant) {
        log.withLock { $0.append("\(name).fail \((error as? SwitchyardError)?.message ?? "\(error)")") }
    }
}

@Suite struct InlineProcessorTests {
    @Test func inlineAndGeneralProcessorsInterleaveInOrder() async throws {
        let log = Locked<[String]>([])
        let chain = ProcessorChain([
            InlineLoggingProcessor(name: "a", log: log), LoggingProcessor(name: "b", log: log),
            InlineLoggingProcessor(name: "c", log: log),
        ])
        let terminal = RecordingTerminal()
        let result = try await chain.run(QueryRequest("SELECT 1"), terminal: terminal.handler)
        // Each inline processor completes with the request as it passed it on; later rewrites are not its.
        #expect(log.value == [
            "b.validate", "a.prepare", "b.before", "c.prepare",
            "c.complete SELECT 1 /* a */ /* c */", "b.after", "a.complete SELECT 1 /* a */",
        ])
        #expect(terminal.received.value.map(\.statement.text) == ["SELECT 1 /* a */ /* c */"])
        #expect(result.notices == ["seen by c", "seen by a"])
    }

    @Test func aFailureDownstreamIsReportedToEachInlineProcessorAndPropagatesUnchanged() async throws {
        let log = Locked<[String]>([])
        let chain = ProcessorChain([InlineLoggingProcessor(name: "a", log: log), InlineLoggingProcessor(name: "b", log: log)])
        let error = await processorError {
            _ = try await chain.run(QueryRequest("SELECT 1")) { _ in throw SwitchyardError(.database, "no such table", backend: "x") }
        }
        #expect(error?.kind == .database)
        #expect(error?.message == "no such table")
        #expect(log.value == ["a.prepare", "b.prepare", "b.fail no such table", "a.fail no such table"])
    }

    @Test func aRefusedResultIsCancelledAndTheProcessorsBeforeAreToldOfTheError() async throws {
        let log = Locked<[String]>([])
        let columns = Columns(names: ["n"])
        let stream = SlowRowStream(batches: [[Row(columns: columns, values: [.int(1)])]], delay: .milliseconds(1))
        let chain = ProcessorChain([
            InlineLoggingProcessor(name: "a", log: log), InlineLoggingProcessor(name: "b", log: log, refusesResult: true),
        ])
        let error = await processorError {
            _ = try await chain.run(QueryRequest("SELECT 1")) { _ in
                QueryResult(rows: ResultSet(columns: columns, stream: stream), route: Route(targets: ["x"], reason: "test"))
            }
        }
        #expect(error?.kind == .rejected)
        #expect(stream.cancelled.value)
        #expect(log.value == [
            "a.prepare", "b.prepare", "b.complete SELECT 1 /* a */ /* b */", "a.fail b refuses the result",
        ])
    }

    @Test func aThrowingPrepareStopsTheRequestBeforeTheBackend() async throws {
        let breakers = CircuitBreakers(policy: .init(failureThreshold: 1, openDuration: .seconds(60)))
        breakers.recordFailure("pg")
        let terminal = RecordingTerminal()
        let error = await processorError {
            _ = try await ProcessorChain([CircuitBreakerProcessor(breakers: breakers)])
                .run(QueryRequest("SELECT 1", target: .backend("pg")), terminal: terminal.handler)
        }
        #expect(error?.code == CircuitBreakerProcessor.openCircuitCode)
        #expect(terminal.received.value.isEmpty)
    }

    @Test func calledDirectlyAnInlineProcessorTakesTheSameSteps() async throws {
        let log = Locked<[String]>([])
        let terminal = RecordingTerminal()
        let result = try await InlineLoggingProcessor(name: "a", log: log).process(QueryRequest("SELECT 1"), next: terminal.handler)
        #expect(log.value == ["a.prepare", "a.complete SELECT 1 /* a */"])
        #expect(terminal.received.value.map(\.statement.text) == ["SELECT 1 /* a */"])
        #expect(result.notices == ["seen by a"])
    }
}
