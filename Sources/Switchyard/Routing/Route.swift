/// Where a request goes, and why.
public struct Route: Sendable, Hashable, CustomStringConvertible {
    /// How results from several targets combine.
    public enum Strategy: Sendable, Hashable {
        /// One backend answers.
        case single
        /// Every target answers; rows are concatenated in target order.
        case concatenate
    }

    /// The backends that get the request, in order.
    public var targets: [String]
    public var strategy: Strategy
    /// One sentence saying why, for `\route` and logs.
    public var reason: String
    /// The rules the router looked at, in order, for `explain`.
    public var trace: [RuleDecision]

    public init(targets: [String], strategy: Strategy = .single, reason: String, trace: [RuleDecision] = []) {
        self.targets = targets
        self.strategy = strategy
        self.reason = reason
        self.trace = trace
    }

    public var description: String {
        var lines = ["→ \(targets.joined(separator: ", ")): \(reason)"]
        for decision in trace {
            lines.append("  \(decision.matched ? "✓" : "·") \(decision.rule): \(decision.note)")
        }
        return lines.joined(separator: "\n")
    }
}

/// One rule a router considered: whether it matched and what it saw.
public struct RuleDecision: Sendable, Hashable {
    public var rule: String
    public var matched: Bool
    public var note: String

    public init(rule: String, matched: Bool, note: String) {
        self.rule = rule
        self.matched = matched
        self.note = note
    }
}
