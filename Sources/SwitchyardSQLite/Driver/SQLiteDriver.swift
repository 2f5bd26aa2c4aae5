import Switchyard

/// The SQLite adapter's plugin entry point: serves `sqlite:` URLs.
///
/// ```swift
/// let drivers = DriverRegistry()
/// drivers.register(SQLiteDriver())
/// let local = try await drivers.makeBackend(url: "sqlite:app.db?readers=2")
/// ```
///
/// URL forms: `sqlite:///absolute/path.db`, `sqlite:relative.db`, `sqlite::memory:`.
/// Options: `mode=ro|rw|rwc` (or `readonly=true`), `busy_timeout=MS` (default 5000),
/// `readers=N` (default 4), `cache_size=N` prepared statements per connection (default 64).
public struct SQLiteDriver: BackendDriver {
    /// Creates the driver; it holds no state.
    public init() {}

    public var schemes: [String] { ["sqlite"] }

    /// Opens a backend with ``SQLiteBackend/open(_:)``: the file (created when the mode allows), its writer
    /// and its reader connections.
    public func makeBackend(_ configuration: BackendConfiguration) async throws -> any Backend {
        try await SQLiteBackend.open(configuration)
    }

    /// The file's base name without extension (`app` for `sqlite:data/app.db`), `memory` for `:memory:`.
    public func defaultName(for url: BackendURL) -> String {
        (try? SQLiteLocation(url: url).baseName) ?? url.scheme
    }
}
