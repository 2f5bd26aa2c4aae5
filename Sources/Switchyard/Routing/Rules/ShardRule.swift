/// Routes by a shard key: its value is hashed onto one of N backends with a ``ConsistentHashRing``.
public struct ShardRule: RoutingRule {
    /// Where the shard key's value comes from.
    public enum KeySource: Sendable, Hashable {
        /// The statement's binding at this 0-based position.
        case binding(Int)
        /// `CallerContext.attributes[name]`.
        case attribute(String)
    }

    public var name: String { "shard" }
    /// Where the shard key comes from; a request without one (or with `NULL`) is left to the next rule.
    public let key: KeySource
    /// The backends the key hashes onto.
    public let ring: ConsistentHashRing

    /// `true`: it decides without waiting.
    public var honoursDeadline: Bool { true }

    /// Creates a shard rule over `backends`; keep their order and `virtualNodes` stable, or keys move.
    public init(key: KeySource, backends: [String], virtualNodes: Int = 160) {
        self.key = key
        self.ring = ConsistentHashRing(backends: backends, virtualNodes: virtualNodes)
    }

    nonisolated(nonsending) public func evaluate(_ request: QueryRequest, context: RoutingContext) async throws -> RuleOutcome {
        let value: String
        switch key {
        case .binding(let index):
            guard request.statement.bindings.indices.contains(index) else {
                return .noMatch("the statement has no binding \(index + 1) for the shard key")
            }
            let binding = request.statement.bindings[index]
            if binding.isNull { return .noMatch("the shard key binding \(index + 1) is NULL") }
            value = binding.description
        case .attribute(let name):
            guard let attribute = request.context.attributes[name] else {
                return .noMatch("the caller has no '\(name)' attribute for the shard key")
            }
            value = attribute
        }
        guard let backend = ring.backend(for: value) else { return .noMatch("no shard backend is configured") }
        return .match(Route(targets: [backend], reason: "shard key '\(value)' hashes to '\(backend)'"))
    }
}
