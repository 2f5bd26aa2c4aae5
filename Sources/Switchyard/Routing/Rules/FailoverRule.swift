/// An ordered list of backends: requests go to the first whose circuit is not open,
/// and the orchestrator tries the next ones in order when it cannot be reached.
///
/// Only reads fail over unless `includeWrites` is set: a write retried elsewhere could
/// land twice or on a backend that is not meant to take it.
public struct FailoverRule: RoutingRule {
    public let name: String
    /// The backends in failover order; those not open are ignored.
    public let backends: [String]
    /// The circuits consulted: a backend whose circuit is open is skipped.
    public let breakers: CircuitBreakers
    /// Whether writes fail over too; when false they go to the first open backend only.
    public let includeWrites: Bool
    /// Tells reads from writes, for ``includeWrites``.
    public let classifier: StatementClassifier

    /// `true`: it decides without waiting.
    public var honoursDeadline: Bool { true }

    /// Creates a failover rule over `backends`, in the order given.
    public init(
        name: String = "failover", backends: [String], breakers: CircuitBreakers, includeWrites: Bool = false,
        classifier: StatementClassifier = StatementClassifier()
    ) {
        self.name = name
        self.backends = backends
        self.breakers = breakers
        self.includeWrites = includeWrites
        self.classifier = classifier
    }

    nonisolated(nonsending) public func evaluate(_ request: QueryRequest, context: RoutingContext) async throws -> RuleOutcome {
        let open = backends.filter { context.backends.contains($0) }
        guard let first = open.first else { return .noMatch("none of \(backends.joined(separator: ", ")) is open") }
        let kind = classifier.classify(request.statement)
        if kind != .read && !includeWrites {
            return .match(Route(targets: [first], reason: "a \(kind.rawValue) statement does not fail over: '\(first)'"))
        }
        var skipped: [String] = []
        var candidates: [String] = []
        for name in open {
            if case .open = breakers.state(of: name) { skipped.append(name) } else { candidates.append(name) }
        }
        guard let chosen = candidates.first else {
            throw SwitchyardError(
                .connection, "every failover backend has an open circuit (\(skipped.joined(separator: ", ")))",
                statement: request.statement.text)
        }
        let skippedNote = skipped.isEmpty ? "" : "; skipped \(skipped.joined(separator: ", ")) (circuit open)"
        return .match(Route(
            targets: candidates, strategy: candidates.count > 1 ? .failover : .single,
            reason: "'\(chosen)' is first in the failover order\(skippedNote)"))
    }
}
