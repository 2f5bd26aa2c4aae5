/// Caps how many rows a result returns; the summary says when it cut a result short.
///
/// The limit can be changed while the pipeline runs (the REPL's `\limit N`);
/// `nil` means no limit.
public final class RowLimitProcessor: InlineProcessor {
    public let name = "row-limit"
    private let current: Locked<Int?>

    /// Creates the processor with `limit` rows at most per result, or none when `nil`.
    public init(limit: Int?) {
        current = Locked(limit)
    }

    /// The most rows a result returns, or `nil` for no limit; safe to read and change from any thread.
    /// A change applies to results the pipeline returns after it.
    public var limit: Int? {
        get { current.value }
        set { current.withLock { $0 = newValue } }
    }

    public var summary: String { limit.map { "returns at most \($0) rows" } ?? "no row limit" }

    public func complete(_ result: inout QueryResult, for request: QueryRequest, startedAt: ContinuousClock.Instant) {
        if let limit { result.rows = result.rows.limited(to: limit) }
    }
}
