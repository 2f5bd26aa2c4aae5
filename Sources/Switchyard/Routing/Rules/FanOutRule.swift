/// Sends the same request to several backends at once and merges the answers.
public struct FanOutRule: RoutingRule {
    public let name: String
    /// The backends every matching request goes to, in the order their legs are listed.
    public let backends: [String]
    /// How the legs' rows combine (``Route/Strategy/single`` is used when only one backend is listed).
    public let strategy: Route.Strategy
    /// Whether one failing leg fails the request or leaves a partial result.
    public let legFailure: Route.LegFailurePolicy
    /// Only statements of these kinds fan out (reads by default: a write fanned out lands N times).
    public let kinds: Set<StatementKind>
    /// When set, only statements naming one of these tables or collections fan out.
    public let tables: Set<String>?
    /// Tells the statement's kind, for ``kinds``, and the tables it names, for ``tables``.
    public let classifier: StatementClassifier

    /// `true`: it decides without waiting.
    public var honoursDeadline: Bool { true }

    /// Creates a fan-out rule; `tables` match case-insensitively.
    public init(
        name: String = "fan-out", backends: [String], strategy: Route.Strategy = .concatenate,
        legFailure: Route.LegFailurePolicy = .failRequest, kinds: Set<StatementKind> = [.read], tables: Set<String>? = nil,
        classifier: StatementClassifier = StatementClassifier()
    ) {
        self.name = name
        self.backends = backends
        self.strategy = strategy
        self.legFailure = legFailure
        self.kinds = kinds
        self.tables = tables.map { Set($0.map { $0.lowercased() }) }
        self.classifier = classifier
    }

    nonisolated(nonsending) public func evaluate(_ request: QueryRequest, context: RoutingContext) async throws -> RuleOutcome {
        let kind = classifier.classify(request.statement)
        guard kinds.contains(kind) else { return .noMatch("a \(kind.rawValue) statement does not fan out") }
        if let tables {
            let named = classifier.tables(in: request.statement).map { $0.lowercased() }
            guard named.contains(where: tables.contains) else {
                return .noMatch("the statement names none of \(tables.sorted().joined(separator: ", "))")
            }
        }
        return .match(Route(
            targets: backends, strategy: backends.count > 1 ? strategy : .single, legFailure: legFailure,
            reason: "fan out to \(backends.joined(separator: ", "))" + (strategy.summary.map { " (\($0))" } ?? "")))
    }
}
