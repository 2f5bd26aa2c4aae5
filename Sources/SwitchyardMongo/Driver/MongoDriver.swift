import Switchyard

/// The MongoDB adapter's plugin entry point: serves `mongodb://` and `mongodb+srv://`.
///
/// ```swift
/// let drivers = DriverRegistry()
/// drivers.register(MongoDriver())
/// let docs = try await drivers.makeBackend(url: "mongodb://127.0.0.1:27017/shop")
/// ```
///
/// The URI goes to libmongoc unchanged, so every libmongoc option works
/// (`replicaSet`, `tls`, `authSource`, `readPreference`, `serverSelectionTimeoutMS`,
/// `maxPoolSize`…). Setting `workers` (default 4) sizes the adapter's thread pool.
public struct MongoDriver: BackendDriver {
    /// Creates the driver; it holds no state.
    public init() {}

    public var schemes: [String] { ["mongodb", "mongodb+srv"] }

    public var languageSupport: [any QueryLanguageSupport] { [MongoLanguageSupport()] }

    /// Opens a backend with ``MongoBackend/connect(_:)``; an unreachable server is not an error here (the
    /// first statement or health check reports it).
    public func makeBackend(_ configuration: BackendConfiguration) async throws -> any Backend {
        try await MongoBackend.connect(configuration)
    }

    /// The database named in the URI (`shop` for `mongodb://host/shop`), or `mongo`.
    public func defaultName(for url: BackendURL) -> String {
        var path = url.body
        if path.hasPrefix("//") { path.removeFirst(2) }
        guard let slash = path.firstIndex(of: "/") else { return "mongo" }
        let name = path[path.index(after: slash)...]
        return name.isEmpty ? "mongo" : String(name)
    }
}
