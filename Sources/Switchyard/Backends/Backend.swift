/// One configured database: the protocol every adapter implements.
///
/// A backend owns its connections (a pool, or a writer and readers for SQLite)
/// and runs its C library on threads it owns, never on Swift's cooperative pool.
/// Everything above it — processors, routers, repositories, the REPL — speaks
/// only this protocol, so an adapter plugs in without the core changing.
public protocol Backend: QueryExecutor, AnyObject {
    /// The name it is configured under, such as `main` or `local`.
    var name: String { get }
    /// Its URL with secrets masked, safe to show and log.
    var redactedURL: String { get }
    /// What it can do; code asks this instead of checking which database it is.
    var capabilities: BackendCapabilities { get }

    /// Runs `body` in one transaction on one connection: commits when it returns,
    /// rolls back when it throws (and rethrows).
    func withTransaction<T: Sendable>(
        _ body: @Sendable (any QueryExecutor) async throws -> T
    ) async throws -> T

    /// Runs `body` — a series of requests by one task — holding what makes them cheaper
    /// where the adapter has it, and running the body on the adapter's own thread so its
    /// statements call the C library without a thread hand-off: PostgreSQL holds one
    /// connection for all its statements (transactions included), MongoDB runs the body on
    /// its worker threads; SQLite runs it as it is (its cached reads already start on the
    /// caller's thread). Queries on this backend
    /// inside the body (through it, a repository or an orchestrator) use the session;
    /// writes behave as usual. The default runs `body` as it is.
    func withSession<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T

    /// Tables, views or collections with their columns or fields.
    func catalog() async throws -> Catalog

    /// Whether it answers, and how fast.
    func health() async -> HealthStatus

    /// Closes every connection after work in flight finishes. Further use throws.
    func shutdown() async

    /// Translates repository operations into this backend's native statements.
    /// `nil` when the backend does not support repositories.
    var entityStore: (any EntityStore)? { get }
}

extension Backend {
    /// Adapters without repository support get `nil` by default.
    public var entityStore: (any EntityStore)? { nil }

    public func withSession<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await body()
    }
}
