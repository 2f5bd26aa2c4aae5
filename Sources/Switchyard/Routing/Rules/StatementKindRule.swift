/// Sends reads to replicas and everything else to the primary.
public struct StatementKindRule: RoutingRule {
    /// How reads are spread over the replicas.
    public enum Balancing: Sendable {
        /// Each read goes to the next replica in turn.
        case roundRobin
        /// Each read goes to the replica with the fewest requests in flight (first in order on a tie).
        case leastBusy(BackendLoad)
    }

    public var name: String { "statement kind" }
    /// Where writes, schema changes, transaction control and unclassified statements go.
    public let primary: String
    /// Where reads go. A replica that is not open, or whose circuit is open, is passed over; with none
    /// left, reads go to the primary.
    public let replicas: [String]
    /// How reads are spread over the replicas.
    public let balancing: Balancing
    /// Tells reads from the rest.
    public let classifier: StatementClassifier
    /// Replicas whose circuit is open get no reads, when breakers are given.
    public let breakers: CircuitBreakers?
    private let turn = Locked(0)

    /// `true`: it decides without waiting.
    public var honoursDeadline: Bool { true }

    /// Creates the rule. It always matches: every statement goes to the primary or a replica.
    public init(
        primary: String, replicas: [String], balancing: Balancing = .roundRobin,
        classifier: StatementClassifier = StatementClassifier(), breakers: CircuitBreakers? = nil
    ) {
        self.primary = primary
        self.replicas = replicas
        self.balancing = balancing
        self.classifier = classifier
        self.breakers = breakers
    }

    nonisolated(nonsending) public func evaluate(_ request: QueryRequest, context: RoutingContext) async throws -> RuleOutcome {
        let kind = classifier.classify(request.statement)
        guard kind == .read else {
            return .match(Route(targets: [primary], reason: "a \(kind.rawValue) statement goes to the primary '\(primary)'"))
        }
        let candidates = replicas.filter { name in
            guard context.backends.contains(name) else { return false }
            if case .open = breakers?.state(of: name) { return false }
            return true
        }
        guard !candidates.isEmpty else {
            return .match(Route(targets: [primary], reason: "a read goes to the primary '\(primary)': no replica is available"))
        }
        switch balancing {
        case .roundRobin:
            let index = turn.withLock { turn in
                defer { turn &+= 1 }
                return turn
            }
            let replica = candidates[index % candidates.count]
            return .match(Route(targets: [replica], reason: "a read goes to replica '\(replica)' (round-robin)"))
        case .leastBusy(let load):
            let replica = candidates.min { load.inFlight($0) < load.inFlight($1) } ?? candidates[0]
            return .match(Route(
                targets: [replica], reason: "a read goes to replica '\(replica)' (least busy, \(load.inFlight(replica)) in flight)"))
        }
    }
}
