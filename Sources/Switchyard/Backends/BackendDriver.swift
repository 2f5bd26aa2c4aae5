import Logging

/// Everything a driver needs to open one backend.
public struct BackendConfiguration: Sendable {
    /// The name the backend is known by (`local`, `main`).
    public var name: String
    /// The URL to open, secrets included; log ``BackendURL/redacted`` instead.
    public var url: BackendURL
    /// Settings from the configuration file beyond the URL (pool sizes, roles…).
    public var settings: [String: String]
    /// The logger the backend writes to; labelled `switchyard.backend.<name>` unless one is given.
    public var logger: Logger

    /// The setting that carries a backend's configured `poolSize`: the most connections (or
    /// worker threads) it may use at once. Drivers read it as their pool maximum; an option
    /// of their own in the URL wins.
    public static let poolSizeSetting = "pool_size"

    /// Creates a configuration; without a `logger`, one labelled `switchyard.backend.<name>` is made.
    public init(name: String, url: BackendURL, settings: [String: String] = [:], logger: Logger? = nil) {
        self.name = name
        self.url = url
        self.settings = settings
        self.logger = logger ?? Logger(label: "switchyard.backend.\(name)")
    }
}

/// The plugin entry point of an adapter: which URL schemes it serves and how to
/// open a ``Backend`` for one.
///
/// An adapter registers its driver with a ``DriverRegistry``; nothing in the core
/// changes when a new one appears.
///
/// ```swift
/// let drivers = DriverRegistry()
/// drivers.register(SQLiteDriver())
/// let backend = try await drivers.makeBackend(name: "local", url: "sqlite:app.db")
/// ```
public protocol BackendDriver: Sendable {
    /// The URL schemes it serves, lower-case and without the colon: `["sqlite"]`.
    var schemes: [String] { get }

    /// Opens a backend. Throws ``SwitchyardError`` with kind `.invalidInput` for a URL
    /// it cannot use and `.connection` when the database cannot be reached.
    func makeBackend(_ configuration: BackendConfiguration) async throws -> any Backend

    /// A name a backend opened from `url` gets when the user gives none (the file
    /// or database name).
    func defaultName(for url: BackendURL) -> String

    /// The query languages this adapter brings beyond SQL, described for tools (the
    /// REPL, ``ReadOnlyGuard``). SQL adapters return nothing: the core knows SQL.
    var languageSupport: [any QueryLanguageSupport] { get }
}

extension BackendDriver {
    /// By default the URL's scheme, such as `sqlite`.
    public func defaultName(for url: BackendURL) -> String { url.scheme }
    /// By default none: the adapter speaks only SQL.
    public var languageSupport: [any QueryLanguageSupport] { [] }
}
