import Foundation

/// The `routing` section: ordered rules, circuit-breaker policy, and how often ownership
/// is relearned.
///
/// ```json
/// "routing": {
///   "rules": [
///     { "kind": "tenant" },
///     { "kind": "statementKind", "balancing": "leastBusy" },
///     { "kind": "fanOut", "backends": ["eu", "us"], "tables": ["orders"],
///       "merge": { "strategy": "mergeSort", "by": ["created desc"] }, "onLegFailure": "partial" }
///   ],
///   "circuitBreaker": { "failureThreshold": 5, "openFor": "30s" }
/// }
/// ```
public struct RoutingConfiguration: Sendable, Hashable {
    /// The rules in the order they are tried; the first that matches routes the request.
    public var rules: [RuleEntry]
    /// When a backend counts as down and for how long, for the failover rule and the circuit-breaker
    /// processor alike.
    public var circuitBreaker: CircuitBreakerPolicy
    /// How often a service relearns table ownership from the catalogs; `nil` only at start-up and on demand.
    public var ownershipRefresh: Duration?

    /// Creates a routing section; with no rules, requests go where ``TargetRouter`` sends them.
    public init(rules: [RuleEntry] = [], circuitBreaker: CircuitBreakerPolicy = .init(), ownershipRefresh: Duration? = nil) {
        self.rules = rules
        self.circuitBreaker = circuitBreaker
        self.ownershipRefresh = ownershipRefresh
    }
}

/// One routing rule as configured. Lists of backends left out are filled in from the
/// backends' own `role`, `tenants` and `shard` settings.
public struct RuleEntry: Sendable, Hashable {
    /// Which rule it is, with the settings that rule takes.
    public enum Kind: Sendable, Hashable {
        /// `@name` in the REPL, `.backend(name)` in the API. Always evaluated first when not listed.
        case explicitTarget
        /// Tables and collections go to the backend whose catalog has them.
        case ownership
        /// Reads to replicas, everything else to the primary; `nil` lists come from backend roles.
        case statementKind(primary: String?, replicas: [String]?, leastBusy: Bool)
        /// Regular expression or keywords on the statement text.
        case pattern(PatternRule.Matcher, targets: [String], merge: Route.Strategy)
        /// The caller's tenant → its backend; `nil` means from the backends' `tenants`.
        case tenant([String: String]?)
        /// A shard key hashed onto a ring of backends; `nil` backends means those whose `shard` is `group`.
        case shard(key: ShardRule.KeySource, backends: [String]?, group: String?, virtualNodes: Int)
        /// An ordered list; the next is tried when one is down.
        case failover(backends: [String], includeWrites: Bool)
        /// The same request to several backends at once, merged.
        case fanOut(
            backends: [String], merge: Route.Strategy, legFailure: Route.LegFailurePolicy, tables: [String]?,
            includeWrites: Bool)
    }

    /// Shown in `\route` traces; defaults to the kind's name.
    public var name: String?
    /// Which rule it is and its settings.
    public var kind: Kind
    /// Where a file gave the entry, for problems found once the whole file is read.
    var place = ConfigurationPlace()

    /// Creates a rule entry; `name` labels it in `\route` traces instead of the kind's name.
    public init(name: String? = nil, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// The backends the rule names itself (not those it will learn from roles or catalogs).
    var namedBackends: [String] {
        switch kind {
        case .explicitTarget, .ownership: []
        case .statementKind(let primary, let replicas, _): (primary.map { [$0] } ?? []) + (replicas ?? [])
        case .pattern(_, let targets, _): targets
        case .tenant(let map): map.map { Array($0.values) } ?? []
        case .shard(_, let backends, _, _): backends ?? []
        case .failover(let backends, _): backends
        case .fanOut(let backends, _, _, _, _): backends
        }
    }

    static let kindNames = ["explicit", "ownership", "statementKind", "pattern", "tenant", "shard", "failover", "fanOut"]
}

extension RoutingConfiguration {
    init(reading reader: inout ConfigurationReader) {
        self.init()
        for var rule in reader.objects("rules") {
            // An entry that could not be read has its problem reported; its other fields are not "unknown".
            guard var entry = RuleEntry(reading: &rule) else { continue }
            entry.place.path = rule.path
            rules.append(entry)
            rule.finish()
        }
        if var breaker = reader.object("circuitBreaker") {
            circuitBreaker.failureThreshold = breaker.int("failureThreshold", in: 1...1_000_000) ?? circuitBreaker.failureThreshold
            circuitBreaker.openDuration = breaker.duration("openFor") ?? circuitBreaker.openDuration
            circuitBreaker.halfOpenProbes = breaker.int("halfOpenProbes", in: 1...1000) ?? circuitBreaker.halfOpenProbes
            breaker.finish()
        }
        ownershipRefresh = reader.duration("ownershipRefresh")
    }
}

extension RuleEntry {
    init?(reading reader: inout ConfigurationReader) {
        let name = reader.string("name")
        guard let kindName = reader.string("kind", required: true) else { return nil }
        let kind: Kind
        switch kindName {
        case "explicit", "explicitTarget":
            kind = .explicitTarget
        case "ownership":
            kind = .ownership
        case "statementKind":
            let balancing = reader.string("balancing") ?? "roundRobin"
            guard ["roundRobin", "leastBusy"].contains(balancing) else {
                reader.problem("balancing", "expected \"roundRobin\" or \"leastBusy\", found \"\(balancing)\"")
                return nil
            }
            kind = .statementKind(primary: reader.string("primary"), replicas: reader.strings("replicas"), leastBusy: balancing == "leastBusy")
        case "pattern":
            let regex = reader.string("regex")
            let keywords = reader.strings("keywords")
            let targets = reader.strings("backends", required: true) ?? []
            let merge = Self.merge(&reader) ?? .concatenate
            switch (regex, keywords) {
            case (let regex?, nil): kind = .pattern(.regex(regex), targets: targets, merge: targets.count > 1 ? merge : .single)
            case (nil, let keywords?): kind = .pattern(.keywords(keywords), targets: targets, merge: targets.count > 1 ? merge : .single)
            default:
                reader.problem(nil, "a pattern rule needs exactly one of \"regex\" and \"keywords\"")
                return nil
            }
        case "tenant":
            kind = .tenant(reader.stringMap("tenants").map { Dictionary($0.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }) })
        case "shard":
            let binding = reader.int("keyBinding", in: 1...65535)
            let attribute = reader.string("keyAttribute")
            let key: ShardRule.KeySource
            switch (binding, attribute) {
            case (let index?, nil): key = .binding(index - 1)
            case (nil, let name?): key = .attribute(name)
            default:
                reader.problem(nil, "a shard rule needs exactly one of \"keyBinding\" (1 for $1) and \"keyAttribute\" (a caller attribute)")
                return nil
            }
            let backends = reader.strings("backends")
            let group = reader.string("group")
            if backends == nil && group == nil { reader.problem(nil, "a shard rule needs \"backends\" or a \"group\" of backends") }
            kind = .shard(key: key, backends: backends, group: group, virtualNodes: reader.int("virtualNodes", in: 1...10_000) ?? 160)
        case "failover":
            kind = .failover(backends: reader.strings("backends", required: true) ?? [], includeWrites: reader.bool("includeWrites") ?? false)
        case "fanOut":
            let backends = reader.strings("backends", required: true) ?? []
            let merge = Self.merge(&reader) ?? .concatenate
            let policy: Route.LegFailurePolicy
            switch reader.string("onLegFailure") ?? "fail" {
            case "fail": policy = .failRequest
            case "partial": policy = .partialResult
            case let other:
                reader.problem("onLegFailure", "expected \"fail\" or \"partial\", found \"\(other)\"")
                policy = .failRequest
            }
            kind = .fanOut(
                backends: backends, merge: merge, legFailure: policy, tables: reader.strings("tables"),
                includeWrites: reader.bool("includeWrites") ?? false)
        default:
            let suggestion = ConfigurationReader.nearest(to: kindName, in: Set(Self.kindNames)).map { " (did you mean '\($0)'?)" } ?? ""
            reader.problem("kind", "unknown rule kind \"\(kindName)\"\(suggestion); one of \(Self.kindNames.joined(separator: ", "))")
            return nil
        }
        self.init(name: name, kind)
    }

    /// `"merge": "concatenate"`, `{ "strategy": "mergeSort", "by": ["created desc", "id"] }` or
    /// `{ "strategy": "aggregate", "groupBy": ["city"], "aggregates": ["sum(total) as total", "count(n)"] }`.
    static func merge(_ reader: inout ConfigurationReader) -> Route.Strategy? {
        guard let raw = reader.value("merge") else { return nil }
        if case .text(let name) = raw, name == "concatenate" { return .concatenate }
        guard var merge = ConfigurationReader(path: reader.place("merge"), value: raw, problems: reader.problems) else { return nil }
        defer { merge.finish() }
        switch merge.string("strategy", required: true) {
        case "concatenate"?: return .concatenate
        case "mergeSort"?:
            let keys = (merge.strings("by", required: true) ?? []).map { key -> Route.SortKey in
                let parts = key.split(separator: " ").map(String.init)
                return Route.SortKey(parts.first ?? key, descending: parts.count > 1 && parts[1].lowercased() == "desc")
            }
            return .mergeSorted(by: keys)
        case "aggregate"?:
            let groupBy = merge.strings("groupBy") ?? []
            var aggregates: [Route.Aggregate] = []
            for (index, text) in (merge.strings("aggregates", required: true) ?? []).enumerated() {
                guard let aggregate = Route.Aggregate(configurationText: text) else {
                    if text.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("avg") {
                        reader.problems.add(
                            "\(merge.place("aggregates"))[\(index)]: \"\(text)\" cannot be combined: the average of each backend's average "
                                + "is not the average; have each backend return sum(x) and count(x), combine them with \"sum(…)\", and divide")
                        continue
                    }
                    reader.problems.add(
                        "\(merge.place("aggregates"))[\(index)]: expected \"sum(column)\", \"count(column)\", \"min(column)\" or \"max(column)\", optionally \"as name\"; found \"\(text)\"")
                    continue
                }
                aggregates.append(aggregate)
            }
            return .aggregate(groupBy: groupBy, aggregates: aggregates)
        case let other?:
            merge.problem("strategy", "expected \"concatenate\", \"mergeSort\" or \"aggregate\", found \"\(other)\"")
            return nil
        case nil:
            return nil
        }
    }
}

extension Route.Aggregate {
    /// Parses `sum(total)`, `count(n) as orders`: the function, the column each leg returns, the result's name.
    init?(configurationText text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let open = trimmed.firstIndex(of: "("), let close = trimmed.firstIndex(of: ")"), open < close,
            let function = Function(rawValue: trimmed[..<open].trimmingCharacters(in: .whitespaces).lowercased())
        else { return nil }
        let column = trimmed[trimmed.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
        let rest = trimmed[trimmed.index(after: close)...].split(separator: " ").map(String.init)
        guard !column.isEmpty else { return nil }
        switch rest.count {
        case 0: self.init(function, column)
        case 2 where rest[0].lowercased() == "as": self.init(function, column, as: rest[1])
        default: return nil
        }
    }
}
