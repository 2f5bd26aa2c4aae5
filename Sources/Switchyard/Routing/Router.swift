/// What a router may consult besides the request itself.
public struct RoutingContext: Sendable {
    /// Backends that are open, in configuration order.
    public var backends: [String] {
        didSet { languagesInOrder = Self.languages(of: backends, capabilities) }
    }
    /// Capabilities by backend name.
    public var capabilities: [String: BackendCapabilities] {
        didSet { languagesInOrder = Self.languages(of: backends, capabilities) }
    }
    /// Each open backend's languages, in `backends`' order (`nil`: capabilities unknown), so
    /// that the check every routed request makes compares a few names instead of hashing two.
    private var languagesInOrder: [Set<QueryLanguage>?]

    /// Creates a context; a backend missing from `capabilities` is assumed to accept every language.
    public init(backends: [String], capabilities: [String: BackendCapabilities] = [:]) {
        self.backends = backends
        self.capabilities = capabilities
        languagesInOrder = Self.languages(of: backends, capabilities)
    }

    private static func languages(of backends: [String], _ capabilities: [String: BackendCapabilities]) -> [Set<QueryLanguage>?] {
        backends.map { capabilities[$0]?.languages }
    }

    /// Whether `backend` takes statements in `language`: true when its capabilities are
    /// unknown (the backend then answers for itself), false when it is not open.
    public func accepts(_ language: QueryLanguage, on backend: String) -> Bool {
        guard let index = backends.firstIndex(of: backend) else { return false }
        guard let languages = languagesInOrder[index] else { return true }
        // A backend has a language or two: comparing them costs less than hashing one.
        return languages.count <= 8 ? languages.contains { $0 == language } : languages.contains(language)
    }
}

/// Decides which backend(s) get a request, and says why.
///
/// `route` is called for every request; `explain` answers the same question
/// without anything being run (the REPL's `\route`), and by default is `route`.
/// `route` is `nonisolated(nonsending)`: a router declaring it so runs on the caller's
/// executor, with no hop per request; one declared plainly `async` conforms too.
public protocol Router: Sendable {
    nonisolated(nonsending) func route(_ request: QueryRequest, context: RoutingContext) async throws -> Route
    func explain(_ request: QueryRequest, context: RoutingContext) async throws -> Route

    /// Whether `route` ends every wait of its own by the request's ``QueryOptions/deadline``
    /// (a router that never waits has none). When it does not say so, the orchestrator routes
    /// a request that has a deadline in a child task it cancels at the deadline. The default
    /// is `false`.
    var honoursDeadline: Bool { get }
}

extension Router {
    /// By default `false`: the orchestrator watches the deadline around `route`.
    public var honoursDeadline: Bool { false }

    public func explain(_ request: QueryRequest, context: RoutingContext) async throws -> Route {
        try await route(request, context: context)
    }
}
