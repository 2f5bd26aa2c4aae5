/// The answer to a ``QueryRequest``: streamed rows plus how they were obtained.
public struct QueryResult: Sendable {
    /// The rows; iterate them once.
    public var rows: ResultSet
    /// Where the request went and why.
    public var route: Route
    /// Time from the request entering the orchestrator until rows were ready to stream,
    /// per backend, in route order.
    public var timings: [(backend: String, elapsed: Duration)]
    /// Non-fatal remarks from processors and backends (shown by the REPL).
    public var notices: [String]
    /// Targets of the route that failed before answering, when a partial result was accepted.
    public var failedBackends: [String]

    /// Creates a result; the orchestrator makes these, and processors that answer without a backend (a cache
    /// hit) make their own.
    public init(
        rows: ResultSet, route: Route, timings: [(backend: String, elapsed: Duration)] = [], notices: [String] = [],
        failedBackends: [String] = []
    ) {
        self.rows = rows
        self.route = route
        self.timings = timings
        self.notices = notices
        self.failedBackends = failedBackends
    }

    /// The columns of ``rows``, known before any row is read.
    public var columns: Columns { rows.columns }
}
