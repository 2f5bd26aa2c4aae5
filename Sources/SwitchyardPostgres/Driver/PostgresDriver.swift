import Switchyard

/// The PostgreSQL adapter's plugin entry point: serves `postgres:` and `postgresql:` URLs.
///
/// ```swift
/// let drivers = DriverRegistry()
/// drivers.register(PostgresDriver())
/// let main = try await drivers.makeBackend(url: "postgres://app:secret@db:5432/app?sslmode=require&pool_max=16")
/// ```
///
/// The URL is libpq's own (every libpq parameter passes through: `sslmode`,
/// `application_name`, `connect_timeout`, `target_session_attrs`, several hosts as
/// `host1:5432,host2:5433`), plus Switchyard's pool options described in ``PostgresOptions``.
/// Without a `connect_timeout` (in the URL or `PGCONNECT_TIMEOUT`) a connection attempt gives
/// up after 10 s, where libpq would wait for ever.
public struct PostgresDriver: BackendDriver {
    /// Creates the driver; it holds no state.
    public init() {}

    public var schemes: [String] { ["postgres", "postgresql"] }

    /// Opens a backend with ``PostgresBackend/open(_:)``, connecting the pool's minimum connections now.
    public func makeBackend(_ configuration: BackendConfiguration) async throws -> any Backend {
        try await PostgresBackend.open(configuration)
    }

    /// The database name (`app` for `postgres://host/app`), or `postgres`.
    public func defaultName(for url: BackendURL) -> String {
        PostgresConnectionString.databaseName(url) ?? "postgres"
    }
}
