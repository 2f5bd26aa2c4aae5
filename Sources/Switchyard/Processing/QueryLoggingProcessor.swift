import Logging

/// Logs every query with swift-log as structured metadata: correlation id, user, tenant,
/// backend, rows, duration and outcome, so one request's lines can be found together.
///
/// Completed queries log at `level` (default `.info`); failures at `.warning`. Statement
/// text is logged, bindings never are.
public struct QueryLoggingProcessor: DataProcessor {
    public let name = "logging"
    /// The level completed and abandoned queries log at; failures always log at `.warning`.
    public let level: Logger.Level
    /// Which backends' queries it logs.
    public let scope: ProcessorScope
    private let logger: Logger

    /// Creates a processor logging through `logger` for backends in `scope`.
    public init(logger: Logger = Logger(label: "switchyard.queries"), level: Logger.Level = .info, scope: ProcessorScope = .global) {
        self.logger = logger
        self.level = level
        self.scope = scope
    }

    /// `true`: logging never waits for the rest of the pipeline.
    public var honoursDeadline: Bool { true }

    public var summary: String { "logs each query at \(level) with its correlation id \(scope)" }

    public func process(_ request: QueryRequest, next: QueryHandler) async throws -> QueryResult {
        var logger = self.logger
        logger[metadataKey: "correlation-id"] = "\(request.context.correlationID)"
        if let user = request.context.user { logger[metadataKey: "user"] = "\(user)" }
        if let tenant = request.context.tenant { logger[metadataKey: "tenant"] = "\(tenant)" }
        logger[metadataKey: "statement"] = "\(request.statement.text)"
        let clock = ContinuousClock()
        let start = clock.now
        var result: QueryResult
        do {
            result = try await next(request)
        } catch {
            let backend = (error as? SwitchyardError)?.backend ?? "-"
            if scope.applies(toBackends: [backend]) {
                logger.warning("query failed", metadata: [
                    "backend": "\(backend)", "duration": "\(clock.now - start)", "error": "\(error)",
                ])
            }
            throw error
        }
        guard scope.applies(toBackends: result.route.targets) else { return result }
        logger[metadataKey: "backend"] = "\(result.route.targets.joined(separator: ","))"
        let level = self.level
        let finalLogger = logger
        result.rows = result.rows.observed(onFinish: { outcome in
            let duration = "\(clock.now - start)"
            switch outcome {
            case .completed(let summary):
                finalLogger.log(level: level, "query finished", metadata: [
                    "rows": "\(summary.rowsAffected ?? summary.rowsReturned)", "duration": "\(duration)", "outcome": "ok",
                ])
            case .failed(let error, let rows):
                finalLogger.warning("query failed while streaming", metadata: [
                    "rows": "\(rows)", "duration": "\(duration)", "error": "\(error)",
                ])
            case .abandoned(let rows):
                finalLogger.log(level: level, "query abandoned", metadata: [
                    "rows": "\(rows)", "duration": "\(duration)", "outcome": "cancelled",
                ])
            }
        })
        return result
    }
}
