import Logging
import Metrics
import Switchyard
import Testing

/// A metrics factory that keeps every counter's total and every timer's recordings by label and dimensions.
final class RecordingMetrics: MetricsFactory, Sendable {
    final class Handler: CounterHandler, FloatingPointCounterHandler, RecorderHandler, TimerHandler, MeterHandler, Sendable {
        let values = Locked<[Int64]>([])
        func increment(by amount: Int64) { values.withLock { $0.append(amount) } }
        func reset() { values.withLock { $0 = [] } }
        func increment(by amount: Double) {}
        func record(_ value: Int64) { values.withLock { $0.append(value) } }
        func record(_ value: Double) {}
        func recordNanoseconds(_ duration: Int64) { values.withLock { $0.append(duration) } }
        func set(_ value: Int64) {}
        func set(_ value: Double) {}
        func increment(by amount: Double) async {}
        func decrement(by amount: Double) {}
    }

    let handlers = Locked<[String: Handler]>([:])

    private func handler(_ label: String, _ dimensions: [(String, String)]) -> Handler {
        let key = ([label] + dimensions.map { "\($0.0)=\($0.1)" }).joined(separator: " ")
        return handlers.withLock { all in
            if let existing = all[key] { return existing }
            let made = Handler()
            all[key] = made
            return made
        }
    }

    func values(_ key: String) -> [Int64] { handlers.value[key]?.values.value ?? [] }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler { handler(label, dimensions) }
    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler { handler(label, dimensions) }
    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler { handler(label, dimensions) }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler { handler(label, dimensions) }
    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler { handler(label, dimensions) }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyMeter(_ handler: any MeterHandler) {}
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
}

/// A log handler that keeps every message with its merged metadata.
struct CapturingLogHandler: LogHandler {
    let lines: Locked<[(level: Logger.Level, message: String, metadata: [String: String])]>
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = self.metadata.merging(event.metadata ?? [:]) { $1 }.mapValues { "\($0)" }
        lines.withLock { $0.append((event.level, "\(event.message)", merged)) }
    }
}

@Suite struct ProcessorObservabilityTests {
    @Test func queriesErrorsAndDurationsAreCountedPerBackend() async throws {
        let metrics = RecordingMetrics()
        let processor = MetricsProcessor(factory: metrics)
        let ok = ScriptedTerminal { _, _ in tableResult(["n"], [[.int(1)]], backend: "a") }
        _ = try await runValues([processor], QueryRequest("SELECT 1"), ok)
        _ = try await runValues([processor], QueryRequest("SELECT 1"), ok)
        let failing = ScriptedTerminal { _, _ in throw SwitchyardError(.syntax, "bad", backend: "b") }
        _ = await processorError { _ = try await runValues([processor], QueryRequest("SELEC"), failing) }
        #expect(metrics.values("switchyard_queries_total backend=a") == [1, 1])
        #expect(metrics.values("switchyard_queries_total backend=b") == [1])
        #expect(metrics.values("switchyard_query_errors_total backend=b kind=syntax error") == [1])
        #expect(metrics.values("switchyard_query_errors_total backend=a kind=syntax error").isEmpty)
        #expect(metrics.values("switchyard_query_duration backend=a").count == 2)
    }

    @Test func eachQueryIsLoggedWithItsCorrelationIDBackendAndRows() async throws {
        let lines = Locked<[(level: Logger.Level, message: String, metadata: [String: String])]>([])
        let logger = Logger(label: "test") { _ in CapturingLogHandler(lines: lines) }
        let processor = QueryLoggingProcessor(logger: logger)
        let ok = ScriptedTerminal { _, _ in tableResult(["n"], [[.int(1)], [.int(2)]], backend: "a") }
        let context = CallerContext(user: "ada", correlationID: "c-42")
        _ = try await runValues([processor], QueryRequest(Statement("SELECT n FROM t WHERE x = ?", ["topsecret"]), context: context), ok)
        let line = try #require(lines.value.first)
        #expect(line.message == "query finished")
        #expect(line.metadata["correlation-id"] == "c-42")
        #expect(line.metadata["user"] == "ada")
        #expect(line.metadata["backend"] == "a")
        #expect(line.metadata["rows"] == "2")
        #expect(!line.metadata.values.contains { $0.contains("topsecret") })
    }

    @Test func failuresAreLoggedAsWarnings() async throws {
        let lines = Locked<[(level: Logger.Level, message: String, metadata: [String: String])]>([])
        let logger = Logger(label: "test") { _ in CapturingLogHandler(lines: lines) }
        let failing = ScriptedTerminal { _, _ in throw SwitchyardError(.busy, "locked", backend: "a") }
        _ = await processorError { _ = try await runValues([QueryLoggingProcessor(logger: logger)], QueryRequest("SELECT 1"), failing) }
        #expect(lines.value.map(\.level) == [.warning])
        #expect(lines.value.first?.metadata["backend"] == "a")
    }
}
