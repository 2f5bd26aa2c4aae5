/// What one routing rule concluded about a request.
public enum RuleOutcome: Sendable, Hashable {
    /// The rule decides: the request goes where `Route` says.
    case match(Route)
    /// The rule does not apply; the note says why, for `explain`.
    case noMatch(String)
}

/// One rule of a ``RuleRouter``: looks at a request and either decides its route or passes.
///
/// Rules are small and independent so configuration can list them in any order and
/// `explain` can show what each one saw.
public protocol RoutingRule: Sendable {
    /// Shown in `explain` traces, such as `ownership` or `tenant`.
    var name: String { get }
    func evaluate(_ request: QueryRequest, context: RoutingContext) async throws -> RuleOutcome
}
