/// Keeps requests away from a backend that keeps failing, so callers fail fast instead of
/// waiting on timeouts, and the backend gets room to recover.
///
/// Outcomes are recorded per backend in shared ``CircuitBreakers`` (the router's failover
/// reads the same ones). A request naming a backend whose circuit is open is refused with
/// a `.connection` error whose code is ``openCircuitCode``. Requests the router places
/// (`.automatic`) cannot be refused here, since their backend is not known yet — not even
/// by the caller's ``CallerContext/currentBackend``, which is only where the router sends
/// a request no rule takes: a failover rule would send it elsewhere, and would find the
/// half-open circuit's probe taken. Their outcomes are still recorded, and failover routing
/// skips open circuits.
///
/// Only failures that say the backend is unwell count (by default connection errors,
/// timeouts, busy); a syntax error proves the backend answered, so it counts as a success.
///
/// An ``Orchestrator`` given the same breakers records every leg's outcome itself; build the
/// processor with `recordsOutcomes: false` then (the bootstrap does), or each failure counts twice.
public struct CircuitBreakerProcessor: InlineProcessor {
    public let name = "circuit-breaker"
    /// The per-backend circuits it consults and records into, shared with the router's failover.
    public let breakers: CircuitBreakers
    /// Error kinds that count as a failure of the backend; other errors a backend reports count as a success.
    public let failureKinds: Set<SwitchyardError.Kind>
    /// Which backends it guards and records outcomes for.
    public let scope: ProcessorScope
    /// Whether it records outcomes, or only refuses requests to open circuits (when the orchestrator records).
    public let recordsOutcomes: Bool

    /// The ``SwitchyardError/code`` of a request refused because a circuit is open.
    public static let openCircuitCode = "circuit-open"

    /// Creates a processor over `breakers`; by default connection, timeout and busy errors are failures.
    public init(
        breakers: CircuitBreakers, failureKinds: Set<SwitchyardError.Kind> = [.connection, .timeout, .busy],
        scope: ProcessorScope = .global, recordsOutcomes: Bool = true
    ) {
        self.breakers = breakers
        self.failureKinds = failureKinds
        self.scope = scope
        self.recordsOutcomes = recordsOutcomes
    }

    public var summary: String {
        let policy = breakers.policy
        return "opens after \(policy.failureThreshold) failures for \(policy.openDuration) \(scope)"
    }

    /// Refuses a request naming a backend (an explicit target) whose circuit is open.
    public func prepare(_ request: inout QueryRequest) throws {
        for backend in targetedBackends(of: request) where !breakers.allowsRequest(to: backend) {
            let detail: String
            if case .open(let until) = breakers.state(of: backend) {
                let tenths = Int((max(.zero, until - ContinuousClock.now).seconds * 10).rounded(.up))
                detail = "retry in \(tenths / 10).\(tenths % 10) s"
            } else {
                detail = "half-open: a probe request is finding out whether it recovered"
            }
            throw SwitchyardError(
                .connection, "circuit open for backend '\(backend)': it failed repeatedly, requests are refused for now",
                backend: backend, code: Self.openCircuitCode, detail: detail)
        }
    }

    /// Records a failure against the backend that reported `error` (or those the request named) when its
    /// kind is in ``failureKinds``, and a success when another error shows a backend answered. Does
    /// nothing when ``recordsOutcomes`` is false.
    public func fail(_ error: any Error, for request: QueryRequest, startedAt: ContinuousClock.Instant) {
        guard recordsOutcomes, let error = error as? SwitchyardError else { return }
        record(error, backends: error.backend.map { [$0] } ?? targetedBackends(of: request))
    }

    /// Records a success for each backend that answered, and a failure if the rows later fail to stream
    /// with an error in ``failureKinds``; does nothing when ``recordsOutcomes`` is false.
    public func complete(_ result: inout QueryResult, for request: QueryRequest, startedAt: ContinuousClock.Instant) {
        guard recordsOutcomes else { return }
        let targets = result.route.targets.filter { scope.applies(toBackends: [$0]) && !result.failedBackends.contains($0) }
        for backend in targets { breakers.recordSuccess(backend) }
        // A failure while streaming counts too (a statement that has finished has none left to have).
        guard !result.rows.hasAllRows else { return }
        result.rows = result.rows.observed(onFinish: { [self] outcome in
            if case .failed(let error as SwitchyardError, _) = outcome {
                record(error, backends: error.backend.map { [$0] } ?? targets)
            }
        })
    }

    /// The backends the request names explicitly, within the scope; none for `.automatic`.
    private func targetedBackends(of request: QueryRequest) -> [String] {
        let named: [String]
        switch request.target {
        case .automatic: return []
        case .backend(let name): named = [name]
        case .backends(let names): named = names
        }
        return named.filter { scope.applies(toBackends: [$0]) }
    }

    private func record(_ error: SwitchyardError, backends: [String]) {
        for backend in backends where scope.applies(toBackends: [backend]) {
            if failureKinds.contains(error.kind) {
                breakers.recordFailure(backend)
            } else if error.backend != nil && error.code != Self.openCircuitCode {
                breakers.recordSuccess(backend)
            }
        }
    }
}
