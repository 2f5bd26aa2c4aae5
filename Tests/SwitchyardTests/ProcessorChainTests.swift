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
    var refusesRequest = false

    func prepare(_ request: inout QueryRequest) throws {
        log.withLock { $0.append("\(name).prepare") }
        if refusesRequest { throw SwitchyardError(.rejected, "\(name) refuses the request") }
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

    /// Six in a row: more than one call of the chain runs (it takes a few at a time), which
    /// must not show in the order, the requests each one is given, or who is told of a failure.
    @Test func aLongRunOfInlineProcessorsKeepsEveryStepInOrder() async throws {
        let names = ["a", "b", "c", "d", "e", "f"]
        let log = Locked<[String]>([])
        let terminal = RecordingTerminal()
        let result = try await ProcessorChain(names.map { InlineLoggingProcessor(name: $0, log: log) })
            .run(QueryRequest("SELECT 1"), terminal: terminal.handler)
        let tagged = names.indices.map { "SELECT 1" + names[...$0].map { " /* \($0) */" }.joined() }
        #expect(log.value == names.map { "\($0).prepare" } + names.indices.reversed().map { "\(names[$0]).complete \(tagged[$0])" })
        #expect(terminal.received.value.map(\.statement.text) == [tagged[5]])
        #expect(result.notices == names.reversed().map { "seen by \($0)" })

        // The fifth refuses the result: it was completed after the sixth, and the four before it are told.
        log.withLock { $0 = [] }
        var refusing = names.map { InlineLoggingProcessor(name: $0, log: log) }
        refusing[4].refusesResult = true
        let columns = Columns(names: ["n"])
        let stream = SlowRowStream(batches: [[Row(columns: columns, values: [.int(1)])]], delay: .milliseconds(1))
        let refused = await processorError {
            _ = try await ProcessorChain(refusing).run(QueryRequest("SELECT 1")) { _ in
                QueryResult(rows: ResultSet(columns: columns, stream: stream), route: Route(targets: ["x"], reason: "test"))
            }
        }
        #expect(refused?.message == "e refuses the result")
        #expect(stream.cancelled.value)
        #expect(log.value.filter { !$0.hasSuffix(".prepare") } == [
            "f.complete \(tagged[5])", "e.complete \(tagged[4])", "d.fail e refuses the result", "c.fail e refuses the result",
            "b.fail e refuses the result", "a.fail e refuses the result",
        ])

        // The sixth refuses the request: nothing reaches the backend, and the five before it are told.
        log.withLock { $0 = [] }
        var stopping = names.map { InlineLoggingProcessor(name: $0, log: log) }
        stopping[5].refusesRequest = true
        let stopped = RecordingTerminal()
        let error = await processorError {
            _ = try await ProcessorChain(stopping).run(QueryRequest("SELECT 1"), terminal: stopped.handler)
        }
        #expect(error?.message == "f refuses the request")
        #expect(stopped.received.value.isEmpty)
        #expect(log.value == names.map { "\($0).prepare" } + ["e", "d", "c", "b", "a"].map { "\($0).fail f refuses the request" })
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
