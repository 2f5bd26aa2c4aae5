/// What an aggregating fan-out combines, and what the statement asks of the combined rows:
/// checks that a leg's result is one the rule can combine, and puts the groups in order.
struct Aggregation: Sendable {
    /// The rule's name, for messages.
    let rule: String
    let groupBy: [String]
    let aggregates: [Route.Aggregate]
    /// The statement's `ORDER BY`, `LIMIT` and `OFFSET`.
    let clauses: SQLResultClauses
    /// The output columns: the group-by columns, then each aggregate's alias.
    let columns: Columns

    init(rule: String, groupBy: [String], aggregates: [Route.Aggregate], clauses: SQLResultClauses = SQLResultClauses()) {
        self.rule = rule
        self.groupBy = groupBy
        self.aggregates = aggregates
        self.clauses = clauses
        columns = Columns(names: groupBy + aggregates.map(\.alias))
    }

    /// The positions of the group-by and aggregate values in rows with `legColumns`; throws when
    /// one is missing or the result has a column the rule would drop.
    func positions(in legColumns: Columns, source: String) throws(SwitchyardError) -> (group: [Int], values: [Int]) {
        var missing: [String] = []
        let group = groupBy.map { name in
            legColumns.index(of: name) ?? { missing.append(name); return -1 }()
        }
        let values = aggregates.map { aggregate in
            legColumns.index(of: aggregate.column) ?? legColumns.index(of: aggregate.alias)
                ?? { missing.append(aggregate.column); return -1 }()
        }
        let combined = Set(groupBy + aggregates.flatMap { [$0.column, $0.alias] })
        let extra = legColumns.names.filter { !combined.contains($0) }
        guard missing.isEmpty, extra.isEmpty else {
            let expected = groupBy + aggregates.map(\.column)
            var detail: [String] = []
            if !missing.isEmpty { detail.append("missing: \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { detail.append("neither grouped nor combined: \(extra.joined(separator: ", "))") }
            throw SwitchyardError(
                .unsupported,
                "the aggregate rule '\(rule)' combines columns \(expected.joined(separator: ", ")); "
                    + "this result has \(legColumns.names.joined(separator: ", "))",
                backend: source, detail: detail.joined(separator: "; "),
                hint: "name the result's columns as the rule does (SELECT \(groupBy.first ?? "key"), sum(…) AS "
                    + "\(aggregates.first?.column ?? "total"), …), or send the statement to one backend with @name or a target")
        }
        return (group, values)
    }

    /// Refuses what cannot be combined exactly whatever the rows: an average, an `OFFSET` or
    /// `LIMIT` it cannot read. Checked before any leg runs.
    func checkStatement() throws(SwitchyardError) {
        if clauses.averages {
            throw SwitchyardError(
                .unsupported, "the aggregate rule '\(rule)' cannot combine avg(…): the average of each backend's average is not the average",
                hint: "select sum(x) and count(x) under the names the rule sums, and divide them after combining")
        }
        if let unreadable = clauses.unreadable {
            throw SwitchyardError(
                .unsupported, "the aggregate rule '\(rule)' cannot apply \(unreadable) to the combined rows",
                hint: "write LIMIT and OFFSET as whole numbers, or bind LIMIT alone")
        }
    }

    /// Output positions of the sort keys: the statement's `ORDER BY` when every item names an
    /// output column, then the group-by columns (which make the order total). Throws when the
    /// statement cuts rows (`LIMIT`, `OFFSET`) in an order that is not exactly the groups':
    /// each backend then cut its own groups before they were combined.
    func sortKeys(legColumns: Columns?) throws(SwitchyardError) -> [(position: Int, descending: Bool, nullsFirst: Bool?)] {
        var keys: [(position: Int, descending: Bool, nullsFirst: Bool?)] = []
        var ordered = false
        if let items = clauses.orderBy {
            let resolved = items.map { item in resolve(item.key, legColumns: legColumns).map { ($0, item.descending, item.nullsFirst) } }
            if resolved.allSatisfy({ $0 != nil }) {
                keys = resolved.compactMap { $0 }
                ordered = true
            }
        }
        let groupPositions = Array(0..<groupBy.count)
        if clauses.limit != nil || clauses.offset > 0 {
            let keyed = Set(keys.map(\.position))
            guard ordered, keyed == Set(groupPositions) else {
                throw SwitchyardError(
                    .unsupported,
                    "the aggregate rule '\(rule)' cannot apply LIMIT or OFFSET unless the statement is ordered by exactly its group-by columns "
                        + "(\(groupBy.joined(separator: ", "))): each backend cut its own groups before they were combined",
                    hint: groupBy.isEmpty
                        ? "leave LIMIT and OFFSET out" : "add ORDER BY \(groupBy.joined(separator: ", ")), or leave LIMIT and OFFSET out")
            }
        }
        for position in groupPositions where !keys.contains(where: { $0.position == position }) {
            keys.append((position, false, nil))
        }
        return keys
    }

    private func resolve(_ key: SQLResultClauses.OrderItem.Key, legColumns: Columns?) -> Int? {
        let names = columns.names
        switch key {
        case .position(let position):
            guard let legColumns, position <= legColumns.count else { return nil }
            return names.firstIndex(of: legColumns[position - 1].name)
        case .name(let name, quoted: true):
            return names.firstIndex(of: name)
        case .name(let name, quoted: false):
            let lowered = name.lowercased()
            return names.firstIndex(of: name) ?? names.firstIndex { $0.lowercased() == lowered }
        }
    }
}
