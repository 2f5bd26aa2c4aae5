/// Sends each tenant's requests to its own backend (`CallerContext.tenant` → backend).
public struct TenantRule: RoutingRule {
    public var name: String { "tenant" }
    /// The backend for each tenant name (exact match); requests from other tenants are left to the next rule.
    public var backendsByTenant: [String: String]

    /// `true`: it decides without waiting.
    public var honoursDeadline: Bool { true }

    /// Creates a rule sending each tenant in `backendsByTenant` to its backend.
    public init(_ backendsByTenant: [String: String]) {
        self.backendsByTenant = backendsByTenant
    }

    nonisolated(nonsending) public func evaluate(_ request: QueryRequest, context: RoutingContext) async throws -> RuleOutcome {
        guard let tenant = request.context.tenant else { return .noMatch("the caller has no tenant") }
        guard let backend = backendsByTenant[tenant] else { return .noMatch("no backend is configured for tenant '\(tenant)'") }
        return .match(Route(targets: [backend], reason: "tenant '\(tenant)' lives on '\(backend)'"))
    }
}
