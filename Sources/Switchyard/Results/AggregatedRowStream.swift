extension ResultSet {
    /// Combines results from several backends into one row per group of `groupBy`
    /// values: each leg's partial sums, counts, minimums and maximums are combined.
    ///
    /// Every leg must return exactly the `groupBy` columns and, for each aggregate, its column
    /// (or alias), matched by name: reading a leg whose result lacks one, or has a column the
    /// aggregates do not combine, throws ``SwitchyardError/Kind/unsupported`` rather than
    /// filling NULLs. Every leg is read to the end before the first row comes out; the groups
    /// come sorted by the `groupBy` columns.
    public static func aggregating(
        _ parts: [(source: String, rows: ResultSet)], groupBy: [String], aggregates: [Route.Aggregate]
    ) -> ResultSet {
        aggregating(parts, Aggregation(rule: "aggregate", groupBy: groupBy, aggregates: aggregates))
    }

    /// Combines `parts` as `aggregation` says, ordering and cutting the groups as its statement asks.
    static func aggregating(_ parts: [(source: String, rows: ResultSet)], _ aggregation: Aggregation) -> ResultSet {
        ResultSet(columns: aggregation.columns, stream: AggregatedRowStream(parts: parts, aggregation: aggregation))
    }
}

/// Reads every leg, then hands out the combined groups.
final class AggregatedRowStream: RowStream {
    private let parts: [(source: String, rows: ResultSet)]
    private let aggregation: Aggregation
    private let state = Locked((delivered: false, summary: ExecutionSummary()))

    init(parts: [(source: String, rows: ResultSet)], aggregation: Aggregation) {
        self.parts = parts
        self.aggregation = aggregation
    }

    func nextBatch() async throws -> [Row] {
        if state.withLock({ $0.delivered }) { return [] }
        let rows: [Row]
        do {
            rows = try await combine()
        } catch {
            cancel()
            state.withLock { $0.delivered = true }
            throw error
        }
        state.withLock {
            $0.delivered = true
            $0.summary.rowsReturned = rows.count
        }
        return rows
    }

    private func combine() async throws -> [Row] {
        let aggregates = aggregation.aggregates
        let legColumns = parts.first { !$0.rows.columns.isEmpty }?.rows.columns
        // Before reading any rows: a statement that cuts groups in another order fails at once.
        let keys = try aggregation.sortKeys(legColumns: legColumns)
        var order: [[Value]] = []
        var groups: [[Value]: [Value]] = [:]
        for part in parts {
            // Positions are worked out once per set of columns (a document store's rows may differ).
            var positionsFor = Columns.empty
            var groupPositions: [Int] = []
            var valuePositions: [Int] = []
            for try await row in part.rows {
                if row.columns !== positionsFor {
                    (groupPositions, valuePositions) = try aggregation.positions(in: row.columns, source: part.source)
                    positionsFor = row.columns
                }
                let key = groupPositions.map { row[$0] }
                let values = valuePositions.map { row[$0] }
                if let existing = groups[key] {
                    groups[key] = zip(aggregates, zip(existing, values)).map { Self.combine($0.function, $1.0, $1.1) }
                } else {
                    order.append(key)
                    groups[key] = zip(aggregates, values).map { $0.function == .count && $1.isNull ? .int(0) : $1 }
                }
            }
        }
        var rows = order.map { Row(columns: aggregation.columns, values: $0 + (groups[$0] ?? [])) }
        rows.sort { Self.precedes($0, $1, keys) }
        let clauses = aggregation.clauses
        let window = rows.dropFirst(clauses.offset)
        return Array(clauses.limit.map { window.prefix($0) } ?? window)
    }

    /// Whether `a` sorts before `b` by `keys`; NULLs first unless a key says otherwise.
    private static func precedes(_ a: Row, _ b: Row, _ keys: [(position: Int, descending: Bool, nullsFirst: Bool?)]) -> Bool {
        for key in keys {
            let (x, y) = (a[key.position], b[key.position])
            if let nullsFirst = key.nullsFirst, x.isNull != y.isNull { return x.isNull == nullsFirst }
            let order = ValueOrdering.compare(x, y)
            if order != 0 { return key.descending ? order > 0 : order < 0 }
        }
        return false
    }

    /// One aggregate's running value combined with a leg's partial value; NULLs are ignored.
    static func combine(_ function: Route.Aggregate.Function, _ a: Value, _ b: Value) -> Value {
        if a.isNull { return b }
        if b.isNull { return a }
        switch function {
        case .sum, .count:
            if case .int(let x) = a, case .int(let y) = b {
                let (sum, overflow) = x.addingReportingOverflow(y)
                if !overflow { return .int(sum) }
            }
            // Decimals (and decimals with integers) add exactly; only a double makes the sum a double.
            if let x = exact(a), let y = exact(b), a.isDecimal || b.isDecimal, let sum = x.adding(y) { return .decimal(sum) }
            guard let x = ValueOrdering.number(a), let y = ValueOrdering.number(b) else { return a }
            return .double(x + y)
        case .min: return ValueOrdering.compare(b, a) < 0 ? b : a
        case .max: return ValueOrdering.compare(b, a) > 0 ? b : a
        }
    }

    private static func exact(_ value: Value) -> ExactDecimal? {
        switch value {
        case .decimal(let d): d
        case .int(let i): ExactDecimal(i)
        default: nil
        }
    }

    func summary() -> ExecutionSummary { state.withLock { $0.summary } }
    func cancel() { for part in parts { part.rows.cancel() } }
}

extension Value {
    fileprivate var isDecimal: Bool {
        if case .decimal = self { return true }
        return false
    }
}
