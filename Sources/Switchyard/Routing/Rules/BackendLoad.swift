/// Requests in flight per backend, so least-busy balancing can pick the idlest replica.
///
/// The ``Orchestrator`` counts a leg from the moment it is sent until its rows are ready.
public final class BackendLoad: Sendable {
    private let inFlight = Locked<[String: Int]>([:])

    /// Creates a counter with no request in flight; safe to use from any thread.
    public init() {}

    /// Counts one more leg in flight on `backend`; pair every call with ``end(_:)``.
    public func begin(_ backend: String) { inFlight.withLock { $0[backend, default: 0] += 1 } }
    /// Counts one leg fewer in flight on `backend`; never goes below zero.
    public func end(_ backend: String) { inFlight.withLock { $0[backend] = max(0, ($0[backend] ?? 0) - 1) } }
    /// Legs in flight on `backend` now; 0 for a backend never seen.
    public func inFlight(_ backend: String) -> Int { inFlight.withLock { $0[backend] ?? 0 } }
}
