import Metrics

/// Reports every query to swift-metrics, per backend: a counter of queries
/// (`switchyard_queries_total`), a counter of errors (`switchyard_query_errors_total`,
/// also by error kind) and a timer of durations (`switchyard_query_duration`), measured
/// until the result has been read to the end — or, for a result whose rows are all in
/// memory when the pipeline returns it (a lookup's), until then: nothing more is waited for.
///
/// Metrics go to the process's bootstrapped `MetricsSystem` unless a factory is given
/// (tests, or a service keeping Switchyard's metrics apart). Bootstrap the metrics system
/// before the first query: each backend's counter and timer are made once and kept.
public struct MetricsProcessor: InlineProcessor {
    public let name = "metrics"
    /// Which backends' queries it reports.
    public let scope: ProcessorScope
    private let factory: (any MetricsFactory)?
    /// Each backend's counter and timer, made once: a metrics backend's `make…` takes a lock and a lookup.
    private let handles = MetricHandles()

    /// The counter of queries, with a `backend` dimension.
    public static let queriesLabel = "switchyard_queries_total"
    /// The counter of failed queries, by `backend` and `kind` (the ``SwitchyardError/Kind`` name).
    public static let errorsLabel = "switchyard_query_errors_total"
    /// The timer of query durations in nanoseconds, with a `backend` dimension.
    public static let durationLabel = "switchyard_query_duration"

    /// Creates a processor reporting to `factory`, or to the bootstrapped `MetricsSystem` when it is `nil`.
    public init(factory: (any MetricsFactory)? = nil, scope: ProcessorScope = .global) {
        self.factory = factory
        self.scope = scope
    }

    public var summary: String { "counts queries and errors and times them per backend \(scope)" }

    public func fail(_ error: any Error, for request: QueryRequest, startedAt: ContinuousClock.Instant) {
        let backend = (error as? SwitchyardError)?.backend ?? ProcessorScope.declaredBackends(of: request).first ?? "-"
        if scope.applies(toBackends: [backend]) {
            report(backends: [backend], duration: ContinuousClock.now - startedAt, error: error)
        }
    }

    public func complete(_ result: inout QueryResult, for request: QueryRequest, startedAt: ContinuousClock.Instant) {
        let targets = scope.backends == nil ? result.route.targets : result.route.targets.filter { scope.applies(toBackends: [$0]) }
        guard !targets.isEmpty else { return }
        // The statement has finished (a lookup's has, by now): counted and timed at once, with no wrapper.
        guard !result.rows.hasAllRows else {
            return report(backends: targets, duration: ContinuousClock.now - startedAt, error: nil)
        }
        result.rows = result.rows.observed(onFinish: { [self] outcome in
            let error: (any Error)? = if case .failed(let error, _) = outcome { error } else { nil }
            report(backends: targets, duration: ContinuousClock.now - startedAt, error: error)
        })
    }

    private func report(backends: [String], duration: Duration, error: (any Error)?) {
        // `components` divides a 128-bit count: read it once.
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        for backend in backends {
            let metrics = handles.metrics(for: backend, factory: factory)
            metrics.queries.increment()
            metrics.duration.recordNanoseconds(nanoseconds)
            if let error {
                let kind = (error as? SwitchyardError)?.kind.name ?? (error is CancellationError ? "cancelled" : "other")
                Counter(
                    label: Self.errorsLabel, dimensions: [("backend", backend), ("kind", kind)], factory: factory ?? MetricsSystem.factory
                ).increment()
            }
        }
    }
}

/// The per-backend metric objects of one ``MetricsProcessor``.
private final class MetricHandles: Sendable {
    struct Handles: Sendable {
        let backend: String
        let queries: Counter
        let duration: Timer
    }

    /// A few backends at most: a scan comparing names costs less than hashing one.
    private let known = Locked<[Handles]>([])

    /// `factory` is only read (`nil`: the bootstrapped system's, behind a lock) when a backend's handles are made.
    func metrics(for backend: String, factory: (any MetricsFactory)?) -> Handles {
        if let found = known.withLock({ $0.first { $0.backend == backend } }) { return found }
        let factory = factory ?? MetricsSystem.factory
        let dimensions = [("backend", backend)]
        let made = Handles(
            backend: backend,
            queries: Counter(label: MetricsProcessor.queriesLabel, dimensions: dimensions, factory: factory),
            duration: Timer(label: MetricsProcessor.durationLabel, dimensions: dimensions, factory: factory))
        return known.withLock { handles in
            if let found = handles.first(where: { $0.backend == backend }) { return found }
            handles.append(made)
            return made
        }
    }
}
