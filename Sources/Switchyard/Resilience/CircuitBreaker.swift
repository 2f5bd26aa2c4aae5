/// Where a backend's circuit stands.
public enum CircuitState: Sendable, Hashable {
    /// Requests flow normally.
    case closed
    /// Requests are refused until the instant passes, so a failing backend gets time to recover.
    case open(until: ContinuousClock.Instant)
    /// A few probe requests are let through to find out whether the backend recovered.
    case halfOpen
}

/// When a circuit opens, for how long, and how many probes it admits once half-open.
public struct CircuitBreakerPolicy: Sendable, Hashable {
    /// Consecutive failures that open the circuit.
    public var failureThreshold: Int
    /// How long an open circuit refuses requests before probing.
    public var openDuration: Duration
    /// Requests admitted at once while half-open.
    public var halfOpenProbes: Int

    /// Creates a policy; `failureThreshold` and `halfOpenProbes` below 1 count as 1.
    public init(failureThreshold: Int = 5, openDuration: Duration = .seconds(30), halfOpenProbes: Int = 1) {
        self.failureThreshold = max(1, failureThreshold)
        self.openDuration = openDuration
        self.halfOpenProbes = max(1, halfOpenProbes)
    }
}

/// Per-backend breakers: closed → open after `failureThreshold` consecutive failures →
/// half-open after `openDuration` → closed on a success / open again on a failure.
///
/// Shared by the router (failover skips open circuits) and the resilience processors,
/// so one backend's failures are counted once, wherever they are seen.
public final class CircuitBreakers: Sendable {
    private struct Breaker: Sendable {
        var consecutiveFailures = 0
        var openUntil: ContinuousClock.Instant?
        var halfOpen = false
        var probesInFlight = 0
        /// When the last probe was admitted: probes whose outcome never arrives stop counting after `openDuration`.
        var lastProbe: ContinuousClock.Instant?
    }

    /// The thresholds and durations every backend's breaker follows.
    public let policy: CircuitBreakerPolicy
    private let clock: ContinuousClock
    private let breakers = Locked<[String: Breaker]>([:])

    /// Creates breakers for every backend (each starts closed the first time it is seen); safe to use from
    /// any thread.
    public init(policy: CircuitBreakerPolicy = .init(), clock: ContinuousClock = .init()) {
        self.policy = policy
        self.clock = clock
    }

    /// The backend's state now; an open circuit whose time is up reads as half-open.
    public func state(of backend: String) -> CircuitState {
        let now = clock.now
        return breakers.withLock { all in
            guard var breaker = all[backend] else { return .closed }
            let state = Self.advance(&breaker, now: now)
            all[backend] = breaker
            return state
        }
    }

    /// Whether a request may go to the backend: false while open; half-open admits up to `halfOpenProbes`.
    public func allowsRequest(to backend: String) -> Bool {
        let now = clock.now
        let probes = policy.halfOpenProbes
        let patience = policy.openDuration
        return breakers.withLock { all in
            guard var breaker = all[backend] else { return true }
            defer { all[backend] = breaker }
            switch Self.advance(&breaker, now: now) {
            case .closed: return true
            case .open: return false
            case .halfOpen:
                if let last = breaker.lastProbe, now - last >= patience { breaker.probesInFlight = 0 }
                guard breaker.probesInFlight < probes else { return false }
                breaker.probesInFlight += 1
                breaker.lastProbe = now
                return true
            }
        }
    }

    /// A request to the backend succeeded: the circuit closes.
    public func recordSuccess(_ backend: String) {
        breakers.withLock { all in
            all[backend] = nil
        }
    }

    /// A request to the backend ended without saying whether the backend can be reached (an
    /// error about the statement, such as a syntax error): the circuit stays as it is, and a
    /// half-open circuit's probe is given back, so the next request probes instead of waiting
    /// out another open duration.
    public func recordInconclusive(_ backend: String) {
        breakers.withLock { all in
            guard var breaker = all[backend], breaker.halfOpen, breaker.probesInFlight > 0 else { return }
            breaker.probesInFlight -= 1
            all[backend] = breaker
        }
    }

    /// A request to the backend failed: counts toward opening, or reopens a half-open circuit.
    public func recordFailure(_ backend: String) {
        let now = clock.now
        let policy = policy
        breakers.withLock { all in
            var breaker = all[backend] ?? Breaker()
            let state = Self.advance(&breaker, now: now)
            switch state {
            case .open:
                break
            case .halfOpen:
                breaker = Breaker(consecutiveFailures: policy.failureThreshold, openUntil: now.advanced(by: policy.openDuration))
            case .closed:
                breaker.consecutiveFailures += 1
                if breaker.consecutiveFailures >= policy.failureThreshold {
                    breaker.openUntil = now.advanced(by: policy.openDuration)
                }
            }
            all[backend] = breaker
        }
    }

    /// Moves an open breaker whose time is up to half-open, and reports the state.
    private static func advance(_ breaker: inout Breaker, now: ContinuousClock.Instant) -> CircuitState {
        if let until = breaker.openUntil {
            if now < until { return .open(until: until) }
            breaker.openUntil = nil
            breaker.halfOpen = true
            breaker.probesInFlight = 0
        }
        return breaker.halfOpen ? .halfOpen : .closed
    }
}
