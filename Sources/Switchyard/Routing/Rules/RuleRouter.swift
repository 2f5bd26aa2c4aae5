/// A router that tries an ordered list of rules; the first match wins, and the
/// ``TargetRouter`` behaviour decides when none matches.
///
/// Every route it returns carries the whole trace — each rule tried, what it saw,
/// and the one that matched — so `\route` can show why a request went where it did.
public struct RuleRouter: Router {
    /// The rules in the order they are tried; the first that matches decides.
    public var rules: [any RoutingRule]
    /// Decides when no rule matches: explicit target, session backend, default, first opened.
    public var fallback: TargetRouter

    /// `true` when every rule's ``RoutingRule/honoursDeadline`` is.
    public var honoursDeadline: Bool { rules.allSatisfy(\.honoursDeadline) }

    /// Creates a router trying `rules` in order, then `fallback` when none matches.
    public init(rules: [any RoutingRule], fallback: TargetRouter = TargetRouter()) {
        self.rules = rules
        self.fallback = fallback
    }

    nonisolated(nonsending) public func route(_ request: QueryRequest, context: RoutingContext) async throws -> Route {
        // One array for the whole trace: room for every rule and the fallback's few decisions,
        // which are appended to it rather than joined into a new array.
        var trace: [RuleDecision] = []
        trace.reserveCapacity(rules.count + 4)
        for rule in rules {
            switch try await rule.evaluate(request, context: context) {
            case .match(var route):
                try Self.check(route.targets, rule: rule.name, request: request, context: context)
                trace.append(RuleDecision(rule: rule.name, matched: true, note: route.reason))
                trace.append(contentsOf: route.trace)
                route.trace = trace
                return route
            case .noMatch(let note):
                trace.append(RuleDecision(rule: rule.name, matched: false, note: note))
            }
        }
        var route = try await fallback.route(request, context: context)
        // The fallback looks at an explicit target again: a rule already said so, say it once.
        for decision in route.trace where !trace.contains(decision) { trace.append(decision) }
        route.trace = trace
        return route
    }

    /// A rule naming a backend that is not open, or one that cannot run the statement's language,
    /// is a configuration mistake worth a clear error rather than a confusing one from the backend.
    private static func check(_ targets: [String], rule: String, request: QueryRequest, context: RoutingContext) throws {
        guard !targets.isEmpty else {
            throw SwitchyardError(.notFound, "rule '\(rule)' chose no backend", statement: request.statement.text)
        }
        for name in targets where !context.backends.contains(name) {
            throw SwitchyardError(
                .notFound, "rule '\(rule)' chose backend '\(name)', which is not open (open: \(context.backends.joined(separator: ", ")))",
                statement: request.statement.text)
        }
        for name in targets {
            if !context.accepts(request.statement.language, on: name) {
                throw SwitchyardError(
                    .unsupported, "rule '\(rule)' chose backend '\(name)', which does not accept \(request.statement.language) statements",
                    backend: name, statement: request.statement.text)
            }
        }
    }
}
