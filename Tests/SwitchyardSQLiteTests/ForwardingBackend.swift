import Switchyard

/// A test backend wrapping a real one: what it does not replace goes to `base` as it is.
protocol ForwardingBackend: Backend {
    var base: any Backend { get }
}

extension ForwardingBackend {
    var name: String { base.name }
    var redactedURL: String { base.redactedURL }
    var capabilities: BackendCapabilities { base.capabilities }
    func catalog() async throws -> Catalog { try await base.catalog() }
    func health() async -> HealthStatus { await base.health() }
    func shutdown() async { await base.shutdown() }

    func withTransaction<T: Sendable>(_ body: @Sendable (any QueryExecutor) async throws -> T) async throws -> T {
        try await base.withTransaction(body)
    }
}
