extension Orchestrator {
    /// What a fan-out's legs run and how their rows combine, worked out before any leg runs.
    ///
    /// A merge-sorted or aggregating fan-out reads the SQL statement's top-level `ORDER BY`,
    /// `LIMIT` and `OFFSET` (``SQLResultClauses``): the merged rows are cut as the statement
    /// says, and each leg runs with `OFFSET` folded into `LIMIT`, since the merged result may
    /// need any leg's first `offset + limit` rows. Concatenation and failover read nothing.
    struct FanOutMerge: Sendable {
        /// The request each leg runs.
        let legRequest: QueryRequest
        let strategy: Route.Strategy
        /// The matched rule's name, for errors.
        let rule: String
        let clauses: SQLResultClauses

        init(_ request: QueryRequest, route: Route) throws(SwitchyardError) {
            strategy = route.strategy
            var legRequest = request
            switch route.strategy {
            case .mergeSorted, .aggregate:
                rule = route.trace.first(where: \.matched)?.rule ?? "fan-out"
                clauses = request.statement.language == .sql
                    ? SQLResultClauses(sql: request.statement.text, bindings: request.statement.bindings) : SQLResultClauses()
                if let text = clauses.legText { legRequest.statement.text = text }
            case .single, .failover, .concatenate:
                rule = ""
                clauses = SQLResultClauses()
            }
            self.legRequest = legRequest
            try check(statement: request.statement.text)
        }

        /// Refuses, before any leg runs, what the merge could not do exactly.
        private func check(statement: String) throws(SwitchyardError) {
            switch strategy {
            case .mergeSorted:
                if let unreadable = clauses.unreadable {
                    throw SwitchyardError(
                        .unsupported, "the merge-sort rule '\(rule)' cannot apply \(unreadable) to the merged rows", statement: statement,
                        hint: "write LIMIT and OFFSET as whole numbers, or bind LIMIT alone")
                }
            case .aggregate(let groupBy, let aggregates):
                do {
                    try Aggregation(rule: rule, groupBy: groupBy, aggregates: aggregates, clauses: clauses).checkStatement()
                } catch {
                    var error = error
                    error.statement = statement
                    throw error
                }
            case .single, .failover, .concatenate:
                break
            }
        }

        /// Combines the legs' rows as the strategy says; throws when an aggregate's legs return
        /// columns it cannot combine (the legs are then cancelled).
        func merge(_ legs: [(source: String, rows: ResultSet)]) throws(SwitchyardError) -> ResultSet {
            switch strategy {
            case .mergeSorted(let keys):
                return ResultSet.mergeSorted(legs, by: keys, rule: rule, skipping: clauses.offset, limit: clauses.limit)
            case .aggregate(let groupBy, let aggregates):
                let aggregation = Aggregation(rule: rule, groupBy: groupBy, aggregates: aggregates, clauses: clauses)
                do {
                    for leg in legs where !leg.rows.columns.isEmpty {
                        _ = try aggregation.positions(in: leg.rows.columns, source: leg.source)
                    }
                    _ = try aggregation.sortKeys(legColumns: legs.first { !$0.rows.columns.isEmpty }?.rows.columns)
                } catch {
                    for leg in legs { leg.rows.cancel() }
                    var error = error
                    error.statement = legRequest.statement.text
                    throw error
                }
                return ResultSet.aggregating(legs, aggregation)
            case .single, .failover, .concatenate:
                return strategy == .single && legs.count == 1 ? legs[0].rows : ResultSet.concatenating(legs)
            }
        }
    }
}
