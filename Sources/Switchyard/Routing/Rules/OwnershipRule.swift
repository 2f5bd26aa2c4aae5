/// Routes a statement to the backend whose catalog holds the tables or collections it names.
public struct OwnershipRule: RoutingRule {
    public var name: String { "ownership" }
    /// The ownership the rule reads on every request; refreshing it changes routing at once.
    public let map: OwnershipMap
    /// Finds the tables a statement names, in adapters' languages too.
    public let classifier: StatementClassifier

    /// `true`: it decides without waiting.
    public var honoursDeadline: Bool { true }

    /// Creates a rule routing by `map`. A statement whose tables live on different backends, or on none
    /// known, is left to the next rule.
    ///
    /// - Parameters:
    ///   - map: which backend owns which table; refreshing it changes routing at once.
    ///   - classifier: the languages whose statements' tables the rule can read (pass one made
    ///     from the `DriverRegistry`'s language supports); SQL and mongosh are always read.
    public init(map: OwnershipMap, classifier: StatementClassifier = StatementClassifier()) {
        self.map = map
        self.classifier = classifier
    }

    nonisolated(nonsending) public func evaluate(_ request: QueryRequest, context: RoutingContext) async throws -> RuleOutcome {
        let tables = classifier.tables(in: request.statement)
        guard !tables.isEmpty else { return .noMatch("the statement names no table or collection") }
        var chosen: [String: String] = [:]
        var unknown: [String] = []
        for table in tables {
            // Only backends that can run the statement's language count.
            let owners = map.owners(of: table).filter { context.accepts(request.statement.language, on: $0) }
            if let owner = owners.first { chosen[table] = owner } else { unknown.append(table) }
        }
        let backends = Array(Set(chosen.values)).sorted()
        if backends.count > 1 {
            let spread = tables.compactMap { t in chosen[t].map { "\(t) on \($0)" } }.joined(separator: ", ")
            return .noMatch("the tables live on different backends (\(spread))")
        }
        guard let backend = backends.first else {
            return .noMatch("no open backend owns \(tables.joined(separator: ", "))")
        }
        let owned = tables.filter { chosen[$0] != nil }.joined(separator: ", ")
        let note = unknown.isEmpty ? "" : " (owner of \(unknown.joined(separator: ", ")) unknown)"
        return .match(Route(targets: [backend], reason: "'\(backend)' owns \(owned)\(note)"))
    }
}
