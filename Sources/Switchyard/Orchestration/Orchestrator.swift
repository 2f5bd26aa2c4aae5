import Logging

/// Runs requests: processors, then the router, then the backend(s).
///
/// ```swift
/// let orchestrator = Orchestrator(backends: registry, processors: [ReadOnlyGuard(), RowLimitProcessor(limit: 1000)])
/// let result = try await orchestrator.run(QueryRequest("SELECT * FROM users"))
/// for try await row in result.rows { … }
/// ```
///
/// Errors from a backend come back as ``SwitchyardError`` naming the backend and
/// the statement.
public final class Orchestrator: Sendable {
    public let backends: BackendRegistry
    public let router: any Router
    public let chain: ProcessorChain
    private let logger: Logger

    public init(
        backends: BackendRegistry, router: any Router = TargetRouter(), processors: [any DataProcessor] = [],
        logger: Logger = Logger(label: "switchyard.orchestrator")
    ) {
        self.backends = backends
        self.router = router
        self.chain = ProcessorChain(processors)
        self.logger = logger
    }

    public var processors: [any DataProcessor] { chain.processors }

    /// Runs `request` through the pipeline and returns its streaming result.
    public func run(_ request: QueryRequest) async throws -> QueryResult {
        var requestLogger = self.logger
        requestLogger[metadataKey: "correlation-id"] = "\(request.context.correlationID)"
        let logger = requestLogger
        do {
            return try await chain.run(request) { [self] request in
                try await execute(request, logger: logger)
            }
        } catch var error as SwitchyardError {
            if error.statement == nil { error.statement = request.statement.text }
            logger.debug("request failed", metadata: ["kind": "\(error.kind)", "backend": "\(error.backend ?? "-")"])
            throw error
        } catch is CancellationError {
            throw SwitchyardError(.cancelled, "the statement was cancelled", statement: request.statement.text)
        }
    }

    /// Runs a SQL `text` with `bindings` on whatever backend the router picks.
    public func run(_ text: String, _ bindings: [Value] = [], target: TargetHint = .automatic) async throws -> QueryResult {
        try await run(QueryRequest(Statement(text, bindings), target: target))
    }

    /// What the router would decide for `request`, without running anything.
    /// Processors' `validate` runs too, so a request they would refuse is reported.
    public func explain(_ request: QueryRequest) async throws -> Route {
        try chain.validate(request)
        return try await router.explain(request, context: routingContext())
    }

    public func routingContext() -> RoutingContext {
        let all = backends.all
        return RoutingContext(
            backends: all.map(\.name),
            capabilities: Dictionary(all.map { ($0.name, $0.capabilities) }, uniquingKeysWith: { a, _ in a }))
    }

    private func execute(_ request: QueryRequest, logger: Logger) async throws -> QueryResult {
        let route = try await router.route(request, context: routingContext())
        let clock = ContinuousClock()
        let start = clock.now
        var legs: [(name: String, rows: ResultSet, elapsed: Duration)] = []
        // Start every leg before streaming any: legs run concurrently, rows stream in route order.
        try await withThrowingTaskGroup(of: (Int, ResultSet, Duration).self) { group in
            for (index, name) in route.targets.enumerated() {
                let backend = try backends.backend(named: name)
                group.addTask {
                    do {
                        let rows = try await backend.query(request.statement, options: request.options)
                        return (index, rows, clock.now - start)
                    } catch let error as SwitchyardError {
                        throw error.attributed(to: name, statement: request.statement.text)
                    }
                }
            }
            var results: [(Int, ResultSet, Duration)] = []
            for try await leg in group { results.append(leg) }
            legs = results.sorted { $0.0 < $1.0 }.map { (route.targets[$0.0], $0.1, $0.2) }
        }
        logger.debug("routed", metadata: ["targets": "\(route.targets.joined(separator: ","))", "reason": "\(route.reason)"])
        let rows = legs.count == 1 ? legs[0].rows : ResultSet.concatenating(legs.map { ($0.name, $0.rows) })
        return QueryResult(rows: rows, route: route, timings: legs.map { ($0.name, $0.elapsed) })
    }
}
