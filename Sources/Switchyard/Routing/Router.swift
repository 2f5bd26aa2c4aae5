/// What a router may consult besides the request itself.
public struct RoutingContext: Sendable {
    /// Backends that are open, in configuration order.
    public var backends: [String]
    /// Capabilities by backend name.
    public var capabilities: [String: BackendCapabilities]

    public init(backends: [String], capabilities: [String: BackendCapabilities] = [:]) {
        self.backends = backends
        self.capabilities = capabilities
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
}

extension Router {
    public func explain(_ request: QueryRequest, context: RoutingContext) async throws -> Route {
        try await route(request, context: context)
    }
}
