import Metrics

/// Reports every query to swift-metrics, per backend: a counter of queries
/// (`switchyard_queries_total`), a counter of errors (`switchyard_query_errors_total`,
/// also by error kind) and a timer of durations (`switchyard_query_duration`), measured
/// until the result has been read to the end.
///
/// Metrics go to the process's bootstrapped `MetricsSystem` unless a factory is given
/// (tests, or a service keeping Switchyard's metrics apart).
public struct MetricsProcessor: DataProcessor {
    public let name = "metrics"
    public let scope: ProcessorScope
    private let factory: (any MetricsFactory)?

    public static let queriesLabel = "switchyard_queries_total"
    public static let errorsLabel = "switchyard_query_errors_total"
    public static let durationLabel = "switchyard_query_duration"

    public init(factory: (any MetricsFactory)? = nil, scope: ProcessorScope = .global) {
        self.factory = factory
        self.scope = scope
    }

    public var summary: String { "counts queries and errors and times them per backend \(scope)" }

    public func process(_ request: QueryRequest, next: QueryHandler) async throws -> QueryResult {
        let clock = ContinuousClock()
        let start = clock.now
        var result: QueryResult
        do {
            result = try await next(request)
        } catch {
            let backend = (error as? SwitchyardError)?.backend ?? ProcessorScope.declaredBackends(of: request).first ?? "-"
            if scope.applies(toBackends: [backend]) {
                report(backends: [backend], duration: clock.now - start, error: error)
            }
            throw error
        }
        let targets = result.route.targets.filter { scope.applies(toBackends: [$0]) }
        guard !targets.isEmpty else { return result }
        result.rows = result.rows.observed(onFinish: { [self] outcome in
            switch outcome {
            case .completed, .abandoned: report(backends: targets, duration: clock.now - start, error: nil)
            case .failed(let error, _): report(backends: targets, duration: clock.now - start, error: error)
            }
        })
        return result
    }

    private func report(backends: [String], duration: Duration, error: (any Error)?) {
        let factory = factory ?? MetricsSystem.factory
        let nanoseconds = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        for backend in backends {
            let dimensions = [("backend", backend)]
            Counter(label: Self.queriesLabel, dimensions: dimensions, factory: factory).increment()
            Timer(label: Self.durationLabel, dimensions: dimensions, factory: factory).recordNanoseconds(nanoseconds)
            if let error {
                let kind = (error as? SwitchyardError)?.kind.name ?? (error is CancellationError ? "cancelled" : "other")
                Counter(label: Self.errorsLabel, dimensions: dimensions + [("kind", kind)], factory: factory).increment()
            }
        }
    }
}
