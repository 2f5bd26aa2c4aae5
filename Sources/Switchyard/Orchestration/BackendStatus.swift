import Foundation

/// How one backend is doing, as `\backends` shows it: reachable or not, its circuit,
/// and the requests it is serving.
public struct BackendStatus: Sendable, Hashable {
    /// The backend's configured name.
    public var name: String
    /// The URL with any password masked.
    public var url: String
    /// The role the configuration gave it (`primary`, `replica`, …).
    public var role: String?
    /// The result of a health check made when the status was taken.
    public var health: HealthStatus
    /// Its circuit breaker's state; `closed` when no breakers are configured.
    public var circuit: CircuitState
    /// Legs running on it right now.
    public var inFlight: Int

    /// Creates a status; ``SwitchyardRuntime`` makes these for `\backends`.
    public init(name: String, url: String, role: String? = nil, health: HealthStatus, circuit: CircuitState, inFlight: Int = 0) {
        self.name = name
        self.url = url
        self.role = role
        self.health = health
        self.circuit = circuit
        self.inFlight = inFlight
    }
}

extension CircuitState {
    /// `closed`, `half-open`, or `open (retry in 12.5 s)` measured from `now`.
    public func description(now: ContinuousClock.Instant = .now) -> String {
        switch self {
        case .closed: return "closed"
        case .halfOpen: return "half-open"
        case .open(let until):
            let left = max(.zero, until - now)
            return "open (retry in \(String(format: "%.1f", left.seconds)) s)"
        }
    }
}
