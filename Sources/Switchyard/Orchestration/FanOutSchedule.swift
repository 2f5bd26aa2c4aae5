import Synchronization

/// The order in which the ``Orchestrator`` starts requests that run together — several
/// requests given to `run(_:)` at once, or a fan-out's legs: the slowest to answer first, so
/// that its server is working while the quicker ones run.
///
/// Started in the order given, an embedded read (SQLite) and a PostgreSQL request kept the
/// client's threads busy before a slower server (MongoDB) had been asked at all, and the whole
/// then waited for that server from later on. Each backend's time to answer in earlier runs
/// is kept as a moving average. A request that names its backend(s) is placed by the slowest
/// of them; one routed automatically, or to a backend not timed yet, counts as the slowest
/// (it may be, and this way it is timed). Ties keep the order given.
final class FanOutSchedule: Sendable {
    /// A backend's time to answer: an exponentially weighted moving average in nanoseconds
    /// (a new time counts a quarter).
    private struct Estimate {
        let backend: String
        var nanoseconds: Int64
    }

    /// The most backends remembered; past it, the first timed is forgotten (and counts as
    /// untimed again). Deployments have a few backends; names made up per request would not
    /// make the list grow without end.
    static let capacity = 64

    /// Searched by name in order: a handful of backends' names compare faster than they hash.
    private let estimates = Mutex<[Estimate]>([])

    /// The indices of `targets` in the order to start their requests.
    func order(of targets: [TargetHint]) -> [Int] {
        Self.slowestFirst(
            estimates.withLock { estimates in
                targets.map { target in
                    switch target {
                    case .automatic: .max
                    case .backend(let name): Self.estimate(for: name, in: estimates)
                    // As slow as its slowest backend; untimed if any is.
                    case .backends(let names): names.reduce(0) { max($0, Self.estimate(for: $1, in: estimates)) }
                    }
                }
            })
    }

    /// The indices of a fan-out's `backends` in the order to start its legs.
    func order(ofBackends backends: [String]) -> [Int] {
        Self.slowestFirst(estimates.withLock { estimates in backends.map { Self.estimate(for: $0, in: estimates) } })
    }

    /// Records how long backends took to answer.
    func record(_ timings: [(backend: String, elapsed: Duration)]) {
        guard !timings.isEmpty else { return }
        estimates.withLock { estimates in
            for (backend, elapsed) in timings {
                let time = Self.nanoseconds(elapsed)
                if let found = estimates.firstIndex(where: { $0.backend == backend }) {
                    let old = estimates[found].nanoseconds
                    estimates[found].nanoseconds = old + (time - old) / 4
                } else {
                    if estimates.count == Self.capacity { estimates.removeFirst() }
                    estimates.append(Estimate(backend: backend, nanoseconds: time))
                }
            }
        }
    }

    /// The time `backend` is expected to take, once one of its requests has been timed.
    func estimate(for backend: String) -> Duration? {
        estimates.withLock { estimates in estimates.first { $0.backend == backend } }.map { .nanoseconds($0.nanoseconds) }
    }

    private static func estimate(for backend: String, in estimates: [Estimate]) -> Int64 {
        for estimate in estimates where estimate.backend == backend { return estimate.nanoseconds }
        return .max
    }

    /// The indices of `estimates`, largest first; equal ones in their order. An insertion sort:
    /// the lists are a few requests or legs long, and often in order already.
    private static func slowestFirst(_ estimates: [Int64]) -> [Int] {
        var order: [Int] = []
        order.reserveCapacity(estimates.count)
        for (index, estimate) in estimates.enumerated() {
            var position = order.count
            while position > 0, estimates[order[position - 1]] < estimate { position -= 1 }
            order.insert(index, at: position)
        }
        return order
    }

    /// `duration` in nanoseconds, at least 0 and at most a quarter of `Int64.max` (so that
    /// averaging cannot overflow).
    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        guard seconds < Int64.max / 4_000_000_000 else { return Int64.max / 4 }
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
