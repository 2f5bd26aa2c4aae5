/// Gives every request a time limit, from entering this processor until its last row is
/// read: the request carries it as a ``QueryOptions/deadline`` (and its length as
/// ``QueryOptions/timeout``), and the request fails with `.timeout` once it passes — whether
/// it is waiting for a connection, running, or streaming rows.
///
/// Backends that honour deadlines (``BackendCapabilities/Features/deadlines``: the SQLite and
/// PostgreSQL adapters) stop the statement themselves, at no cost to a request that finishes
/// in time; around the rest — another backend, or a processor or router that does not say it
/// honours deadlines — the pipeline runs the request in a child task it cancels at the deadline.
///
/// A shorter timeout or earlier deadline already on the request is kept.
public struct TimeoutProcessor: InlineProcessor {
    public let name = "timeout"
    /// The longest a request may take, from entering this processor until its last row is read.
    public let limit: Duration
    /// Which backends' requests it limits.
    public let scope: ProcessorScope

    /// Creates a processor giving requests for backends in `scope` at most `limit`.
    public init(limit: Duration, scope: ProcessorScope = .global) {
        self.limit = limit
        self.scope = scope
    }

    public var summary: String { "cancels statements after \(limit) \(scope)" }

    /// Sets the request's ``QueryOptions/timeout`` and ``QueryOptions/deadline``.
    public func prepare(_ request: inout QueryRequest) {
        guard scope.applies(to: request) else { return }
        let limit = min(request.options.timeout ?? self.limit, self.limit)
        let deadline = ContinuousClock.now.advanced(by: limit)
        request.options.timeout = limit
        request.options.deadline = min(request.options.deadline ?? deadline, deadline)
    }
}
