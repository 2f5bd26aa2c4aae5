import Switchyard

/// Switchyard's own options for a PostgreSQL backend, read from the URL's query
/// string (and the configuration file's settings, same names; the URL wins).
///
/// They are removed before the URL reaches libpq; every other query parameter
/// (`sslmode`, `application_name`, `connect_timeout`, `target_session_attrs`,
/// `options`, …) is libpq's and passes through untouched, so libpq reports a
/// misspelt one itself.
///
/// | option | meaning | default |
/// |---|---|---|
/// | `pool_min` | connections opened up front and kept open | 1 |
/// | `pool_max` | most connections at once | 8 |
/// | `acquire_timeout` | how long a query waits for a free connection (`500ms`, `5s`, or milliseconds) | 30s |
/// | `pool_idle_check` | a connection idle longer than this is checked with a round trip before reuse | 10s |
/// | `statement_cache_size` | prepared statements kept per connection, least recently used evicted | 128 |
public struct PostgresOptions: Sendable, Hashable {
    /// `pool_min`: connections opened up front and kept open.
    public var minimumConnections: Int
    /// `pool_max`: the most connections open at once; further queries wait.
    public var maximumConnections: Int
    /// `acquire_timeout`: how long a query waits for a free connection before failing with `.busy`.
    public var acquireTimeout: Duration
    /// `pool_idle_check`: a connection idle longer than this is checked with a round trip before reuse.
    public var idleCheckInterval: Duration
    /// 0 disables caching: every statement is prepared unnamed and used once.
    public var statementCacheSize: Int

    /// Creates options in code; values are used as given (``init(url:settings:)`` checks ranges).
    public init(
        minimumConnections: Int = 1, maximumConnections: Int = 8, acquireTimeout: Duration = .seconds(30),
        idleCheckInterval: Duration = .seconds(10), statementCacheSize: Int = 128
    ) {
        self.minimumConnections = minimumConnections
        self.maximumConnections = maximumConnections
        self.acquireTimeout = acquireTimeout
        self.idleCheckInterval = idleCheckInterval
        self.statementCacheSize = statementCacheSize
    }

    /// The option names that are Switchyard's, not libpq's.
    public static let knownNames: Set<String> = [
        "pool_min", "pool_max", "acquire_timeout", "pool_idle_check", "statement_cache_size",
    ]

    /// Reads the options from `settings` (the configuration's `poolSize` as `pool_max`, then the names in the
    /// table above), then from `url`'s query string, which wins. Throws `.invalidInput` for a value out of
    /// range or not a duration, or when `pool_min` exceeds `pool_max`.
    public init(url: BackendURL, settings: [String: String] = [:]) throws {
        self.init()
        // The configuration's `poolSize` is the pool's maximum; `pool_max` (setting or URL option) wins.
        if let value = settings[BackendConfiguration.poolSizeSetting] {
            try apply("pool_max", value, source: "poolSize")
            minimumConnections = min(minimumConnections, maximumConnections)
        }
        for name in Self.knownNames.sorted() {
            if let value = settings[name] { try apply(name, value, source: "setting") }
        }
        for (name, value) in url.options where Self.knownNames.contains(name) {
            try apply(name, value, source: "URL option")
        }
        guard minimumConnections <= maximumConnections else {
            throw SwitchyardError(
                .invalidInput, "pool_min=\(minimumConnections) is larger than pool_max=\(maximumConnections)")
        }
    }

    private mutating func apply(_ name: String, _ value: String, source: String) throws {
        switch name {
        case "pool_min": minimumConnections = try Self.integer(name, value, source: source, in: 0...1000)
        case "pool_max": maximumConnections = try Self.integer(name, value, source: source, in: 1...1000)
        case "statement_cache_size": statementCacheSize = try Self.integer(name, value, source: source, in: 0...100_000)
        case "acquire_timeout": acquireTimeout = try Self.duration(name, value, source: source)
        case "pool_idle_check": idleCheckInterval = try Self.duration(name, value, source: source)
        default: break
        }
    }

    private static func integer(_ name: String, _ value: String, source: String, in range: ClosedRange<Int>) throws -> Int {
        guard let number = Int(value), range.contains(number) else {
            throw SwitchyardError(
                .invalidInput, "\(source) \(name)=\(value) is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// `250ms`, `5s`, or a bare number of milliseconds.
    static func duration(_ name: String, _ value: String, source: String) throws -> Duration {
        let text = value.lowercased()
        let (digits, unit): (Substring, Duration) =
            text.hasSuffix("ms") ? (text.dropLast(2), .milliseconds(1))
            : text.hasSuffix("s") ? (text.dropLast(1), .seconds(1)) : (Substring(text), .milliseconds(1))
        guard let number = Int(digits), number >= 0, number <= 86_400_000 else {
            throw SwitchyardError(
                .invalidInput, "\(source) \(name)=\(value) is not a duration", hint: "write it as 500ms, 5s, or a number of milliseconds")
        }
        return unit * number
    }
}
