/// Where a request goes, and why.
public struct Route: Sendable, Hashable, CustomStringConvertible {
    /// How results from several targets combine.
    public enum Strategy: Sendable, Hashable {
        /// One backend answers.
        case single
        /// Every target answers; rows are concatenated in target order, their columns matched by
        /// name (see ``ResultSet/concatenating(_:)``).
        case concatenate
        /// The first target that answers wins; the next is tried when one cannot be reached.
        case failover
        /// Every target answers with rows already sorted by `keys`; a streaming k-way merge keeps that order.
        ///
        /// A leg whose rows go against `keys` fails the result rather than being merged out of
        /// order. The SQL statement's top-level `LIMIT` and `OFFSET` apply to the merged rows; each
        /// leg runs with the offset folded into its limit.
        case mergeSorted(by: [SortKey])
        /// Every target answers; rows are combined into one row per group of `groupBy` values.
        ///
        /// Each leg's result must have exactly the `groupBy` columns and each aggregate's column,
        /// by name; any other result is refused with ``SwitchyardError/Kind/unsupported``, as is an
        /// `avg(…)` in the select list. Groups follow the SQL statement's `ORDER BY` when it names
        /// result columns (by the group-by columns otherwise); `LIMIT` and `OFFSET` apply after
        /// combining and are accepted only in the order of the group-by columns.
        case aggregate(groupBy: [String], aggregates: [Aggregate])
    }

    /// What happens to a fan-out when one of its legs fails.
    public enum LegFailurePolicy: Sendable, Hashable {
        /// The whole request fails with the leg's error.
        case failRequest
        /// The other legs' rows are returned, with a warning in ``QueryResult/notices``.
        case partialResult
    }

    /// A column a merge-sorted fan-out is ordered by.
    public struct SortKey: Sendable, Hashable {
        /// The column's name in every leg's result.
        public var column: String
        /// Whether the legs sorted this column largest first.
        public var descending: Bool

        /// Creates a sort key on `column`, ascending unless `descending`.
        public init(_ column: String, descending: Bool = false) {
            self.column = column
            self.descending = descending
        }
    }

    /// One aggregated output column of an aggregating fan-out.
    public struct Aggregate: Sendable, Hashable {
        /// How legs' partial values combine: `sum` and `count` add them, `min` and `max` keep the extreme.
        /// Nulls are ignored.
        public enum Function: String, Sendable, Hashable { case sum, count, min, max }
        /// How the legs' values of ``column`` combine.
        public var function: Function
        /// The input column; each leg's partial value (for `count`, a leg's own count) is combined.
        public var column: String
        /// The output column's name; the input column's name by default.
        public var alias: String

        /// Creates an aggregate of `column`, output under `alias` (or the column's own name).
        public init(_ function: Function, _ column: String, as alias: String? = nil) {
            self.function = function
            self.column = column
            self.alias = alias ?? column
        }
    }

    /// The backends that get the request, in order.
    public var targets: [String]
    /// How the targets' results combine; ``Strategy/single`` for one target.
    public var strategy: Strategy
    /// For several targets: whether one failing leg fails the request.
    public var legFailure: LegFailurePolicy
    /// One sentence saying why, for `\route` and logs.
    public var reason: String
    /// The rules the router looked at, in order, for `explain`.
    public var trace: [RuleDecision]

    /// Creates a route; routers and rules make these, with a `reason` saying why in one sentence.
    public init(
        targets: [String], strategy: Strategy = .single, legFailure: LegFailurePolicy = .failRequest, reason: String,
        trace: [RuleDecision] = []
    ) {
        self.targets = targets
        self.strategy = strategy
        self.legFailure = legFailure
        self.reason = reason
        self.trace = trace
    }

    public var description: String {
        var lines = ["→ \(targets.joined(separator: ", ")): \(reason)"]
        if let strategyLine = strategy.summary {
            lines.append("  \(strategyLine)\(legFailure == .partialResult ? "; a failing leg gives a partial result" : "")")
        }
        for decision in trace {
            lines.append("  \(decision.matched ? "✓" : "·") \(decision.rule): \(decision.note)")
        }
        return lines.joined(separator: "\n")
    }
}

/// One rule a router considered: whether it matched and what it saw.
public struct RuleDecision: Sendable, Hashable {
    /// The rule's name, as `\route` shows it.
    public var rule: String
    /// Whether the rule matched (and so decided the route).
    public var matched: Bool
    /// What the rule saw: why it matched or not.
    public var note: String

    /// Creates a decision for a router's trace.
    public init(rule: String, matched: Bool, note: String) {
        self.rule = rule
        self.matched = matched
        self.note = note
    }
}

extension Route {
    /// One backend, its rows as they come: the orchestrator runs it in the request's own task,
    /// without the fan-out's task group.
    var isOneLeg: Bool { targets.count == 1 && strategy == .single }
}

extension Route.Strategy {
    /// How several targets combine, in words (`merge-sorted by created desc`); nil for a single backend.
    public var summary: String? {
        switch self {
        case .single: return nil
        case .concatenate: return "concatenated, with a backend column"
        case .failover: return "failover in this order"
        case .mergeSorted(let keys):
            return "merge-sorted by " + keys.map { $0.column + ($0.descending ? " desc" : "") }.joined(separator: ", ")
        case .aggregate(let groupBy, let aggregates):
            let functions = aggregates.map { "\($0.function.rawValue)(\($0.column))" }.joined(separator: ", ")
            return "aggregated: \(functions)" + (groupBy.isEmpty ? "" : " by \(groupBy.joined(separator: ", "))")
        }
    }
}
