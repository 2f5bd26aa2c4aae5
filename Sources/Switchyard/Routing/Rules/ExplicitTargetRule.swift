/// Routes a request that names its backend(s) — `@name` in the REPL, a target in the API.
public struct ExplicitTargetRule: RoutingRule {
    public var name: String { "explicit target" }
    /// How several named backends' rows combine.
    public var fanOutStrategy: Route.Strategy

    /// `true`: it decides without waiting.
    public var honoursDeadline: Bool { true }

    /// Creates the rule; requests naming several backends combine their rows by `fanOutStrategy`.
    public init(fanOutStrategy: Route.Strategy = .concatenate) {
        self.fanOutStrategy = fanOutStrategy
    }

    nonisolated(nonsending) public func evaluate(_ request: QueryRequest, context: RoutingContext) async throws -> RuleOutcome {
        switch request.target {
        case .automatic:
            return .noMatch("the request names no backend")
        case .backend(let name):
            return .match(Route(targets: [name], reason: "the request names '\(name)'"))
        case .backends(let names):
            return .match(Route(
                targets: names, strategy: names.count > 1 ? fanOutStrategy : .single,
                reason: "the request names \(names.joined(separator: ", "))"))
        }
    }
}
