/// Maps URL schemes to the drivers that serve them.
public final class DriverRegistry: Sendable {
    private let drivers = Locked<[String: any BackendDriver]>([:])

    /// Creates a registry serving the schemes of `drivers`; a later driver wins a scheme both serve.
    public init(_ drivers: [any BackendDriver] = []) {
        for driver in drivers { register(driver) }
    }

    /// Makes `driver` serve each of its schemes, replacing any earlier driver for them.
    public func register(_ driver: any BackendDriver) {
        drivers.withLock { table in
            for scheme in driver.schemes { table[scheme.lowercased()] = driver }
        }
    }

    /// The driver for `scheme`, if one is registered.
    public func driver(for scheme: String) -> (any BackendDriver)? {
        drivers.withLock { $0[scheme.lowercased()] }
    }

    /// How tools handle `language`: the core's SQL support, or what a registered driver brings.
    public func languageSupport(for language: QueryLanguage) -> (any QueryLanguageSupport)? {
        if language == .sql { return SQLLanguageSupport() }
        let all = drivers.withLock { Array($0.values) }
        return all.lazy.flatMap(\.languageSupport).first { $0.language == language }
    }

    /// What every registered driver says about the languages it brings beyond SQL.
    public var languageSupports: [any QueryLanguageSupport] {
        drivers.withLock { Array($0.values) }.flatMap(\.languageSupport)
    }

    /// Statement classifiers for every language the registered drivers bring, for ``ReadOnlyGuard``.
    public var statementClassifiers: [QueryLanguage: @Sendable (String) -> StatementKind] {
        Dictionary(languageSupports.map { support in (support.language, { @Sendable text in support.classify(text) }) }, uniquingKeysWith: { a, _ in a })
    }

    /// Operation extractors for every language the registered drivers bring, for ``OperationAllowList``.
    public var operationExtractors: [QueryLanguage: @Sendable (String) -> [String]] {
        Dictionary(languageSupports.map { support in (support.language, { @Sendable text in support.operations(text) }) }, uniquingKeysWith: { a, _ in a })
    }

    /// Every scheme served, sorted.
    public var schemes: [String] { drivers.withLock { $0.keys.sorted() } }

    /// The driver for `url`, or an error naming the schemes that are known.
    public func driver(for url: BackendURL) throws -> any BackendDriver {
        guard let driver = driver(for: url.scheme) else {
            throw SwitchyardError(
                .unsupported, "no adapter serves '\(url.scheme):' URLs (known: \(schemes.map { $0 + ":" }.joined(separator: ", ")))")
        }
        return driver
    }

    /// Opens a backend from a URL string, naming it `name` or the driver's default name.
    public func makeBackend(name: String? = nil, url: String, settings: [String: String] = [:]) async throws -> any Backend {
        let parsed = try BackendURL(url)
        let driver = try driver(for: parsed)
        let configuration = BackendConfiguration(name: name ?? driver.defaultName(for: parsed), url: parsed, settings: settings)
        return try await driver.makeBackend(configuration)
    }
}
