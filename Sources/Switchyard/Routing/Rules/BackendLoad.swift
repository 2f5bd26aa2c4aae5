/// Requests in flight per backend, so least-busy balancing can pick the idlest replica.
///
/// The ``Orchestrator`` counts a leg from the moment it is sent until its rows are ready.
public final class BackendLoad: Sendable {
    private let inFlight = Locked<[String: Int]>([:])

    public init() {}

    public func begin(_ backend: String) { inFlight.withLock { $0[backend, default: 0] += 1 } }
    public func end(_ backend: String) { inFlight.withLock { $0[backend] = max(0, ($0[backend] ?? 0) - 1) } }
    public func inFlight(_ backend: String) -> Int { inFlight.withLock { $0[backend] ?? 0 } }
}
