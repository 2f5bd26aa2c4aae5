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
///
/// `evaluate` is `nonisolated(nonsending)`, as ``Router/route(_:context:)`` is: a rule declaring
/// it so runs on the caller's executor, with no hop per request; one declared plainly `async`
/// (a rule that looks something up elsewhere) conforms too.
public protocol RoutingRule: Sendable {
    /// Shown in `explain` traces, such as `ownership` or `tenant`.
    var name: String { get }
    nonisolated(nonsending) func evaluate(_ request: QueryRequest, context: RoutingContext) async throws -> RuleOutcome

    /// Whether `evaluate` ends every wait of its own by the request's ``QueryOptions/deadline``
    /// (a rule that never waits has none); see ``Router/honoursDeadline``. The default is `false`.
    var honoursDeadline: Bool { get }
}

extension RoutingRule {
    /// By default `false`: the orchestrator watches the deadline around a router using this rule.
    public var honoursDeadline: Bool { false }
}
