/// Retries idempotent reads that failed for a passing reason (a dropped connection, a busy
/// or locked database), waiting longer each time, with jitter so many callers do not retry
/// in lock-step.
///
/// Only the request itself is retried: once rows have started streaming to the caller an
/// error is passed on, since rows already delivered cannot be taken back. Writes are never
/// retried (they may have taken effect), nor is anything that is not certainly a read.
public struct RetryProcessor: DataProcessor {
    public let name = "retry"
    /// Attempts in all, the first included.
    public let maxAttempts: Int
    /// The wait before the second attempt; each later wait doubles, up to `maxDelay`.
    public let baseDelay: Duration
    /// The longest wait between attempts, before jitter.
    public let maxDelay: Duration
    /// Error kinds worth retrying.
    public let retryableKinds: Set<SwitchyardError.Kind>
    /// Which backends' requests it retries.
    public let scope: ProcessorScope
    private let classifiers: [QueryLanguage: @Sendable (String) -> StatementKind]

    /// Creates a retry processor; `maxAttempts` below 1 counts as 1 (no retry). Reads are recognised by
    /// the classifier `classifiers` holds for the statement's language, else by
    /// ``StatementKind/classify(sql:)`` for SQL; text in any other language is never retried.
    public init(
        maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(50), maxDelay: Duration = .seconds(2),
        retryableKinds: Set<SwitchyardError.Kind> = [.connection, .busy], scope: ProcessorScope = .global,
        classifiers: [QueryLanguage: @Sendable (String) -> StatementKind] = [:]
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.retryableKinds = retryableKinds
        self.scope = scope
        self.classifiers = classifiers
    }

    public var summary: String {
        "retries reads up to \(maxAttempts) times on \(retryableKinds.map(\.name).sorted().joined(separator: "/")) \(scope)"
    }

    /// The wait after failed attempt `attempt` (1-based): `baseDelay · 2^(attempt-1)`, capped at
    /// `maxDelay`, then scaled by a random factor in 0.5…1 (jitter that keeps a floor).
    public func delay(afterAttempt attempt: Int) -> Duration {
        let exponential = baseDelay * Double(1 << min(max(attempt - 1, 0), 20))
        return min(exponential, maxDelay) * Double.random(in: 0.5...1)
    }

    /// `true`: no pause outlasts the request's deadline.
    public var honoursDeadline: Bool { true }

    /// Runs the request, and runs it again after ``delay(afterAttempt:)`` while it fails with a retryable
    /// kind and attempts remain; the last error is rethrown. A success after retries adds a notice saying so.
    /// A request with a ``QueryOptions/deadline`` is not retried when the pause would end past it:
    /// its last error is rethrown at once.
    public func process(_ request: QueryRequest, next: QueryHandler) async throws -> QueryResult {
        guard scope.applies(to: request), isRead(request.statement) else { return try await next(request) }
        var attempt = 1
        var reasons: [String] = []
        while true {
            do {
                var result = try await next(request)
                if !reasons.isEmpty {
                    result.notices.append("succeeded on attempt \(attempt) after \(reasons.joined(separator: ", "))")
                }
                return result
            } catch let error as SwitchyardError
                where retryableKinds.contains(error.kind) && error.code != CircuitBreakerProcessor.openCircuitCode && attempt < maxAttempts
            {
                reasons.append(error.kind.name)
                let pause = delay(afterAttempt: attempt)
                if let deadline = request.options.deadline, ContinuousClock.now.advanced(by: pause) >= deadline { throw error }
                try await Task.sleep(for: pause)
                attempt += 1
            }
        }
    }

    private func isRead(_ statement: Statement) -> Bool {
        if let classify = classifiers[statement.language] { return classify(statement.text) == .read }
        return statement.language == .sql && StatementKind.classify(sql: statement.text) == .read
    }
}
