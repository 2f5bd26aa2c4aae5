extension ResultSet {
    /// Combines results from several backends into one row per group of `groupBy`
    /// values: each leg's partial sums, counts, minimums and maximums are combined.
    ///
    /// Every leg is read to the end before the first row comes out; groups appear in
    /// the order they were first seen.
    public static func aggregating(
        _ parts: [(source: String, rows: ResultSet)], groupBy: [String], aggregates: [Route.Aggregate]
    ) -> ResultSet {
        let columns = Columns(names: groupBy + aggregates.map(\.alias))
        return ResultSet(
            columns: columns,
            stream: AggregatedRowStream(parts: parts.map(\.rows), groupBy: groupBy, aggregates: aggregates, columns: columns))
    }
}

/// Reads every leg, then hands out the combined groups.
final class AggregatedRowStream: RowStream {
    private let parts: [ResultSet]
    private let groupBy: [String]
    private let aggregates: [Route.Aggregate]
    private let columns: Columns
    private let state = Locked((rows: [Row]?.none, delivered: false, summary: ExecutionSummary()))

    init(parts: [ResultSet], groupBy: [String], aggregates: [Route.Aggregate], columns: Columns) {
        self.parts = parts
        self.groupBy = groupBy
        self.aggregates = aggregates
        self.columns = columns
    }

    func nextBatch() async throws -> [Row] {
        if state.withLock({ $0.delivered }) { return [] }
        let rows = try await combine()
        state.withLock {
            $0.delivered = true
            $0.summary.rowsReturned = rows.count
        }
        return rows
    }

    private func combine() async throws -> [Row] {
        var order: [[Value]] = []
        var groups: [[Value]: [Value]] = [:]
        for part in parts {
            let groupPositions = groupBy.map { part.columns.index(of: $0) }
            let valuePositions = aggregates.map { part.columns.index(of: $0.column) ?? part.columns.index(of: $0.alias) }
            for try await row in part {
                let key = groupPositions.map { Self.value(at: $0, in: row) }
                let values = valuePositions.map { Self.value(at: $0, in: row) }
                if let existing = groups[key] {
                    groups[key] = zip(aggregates, zip(existing, values)).map { Self.combine($0.function, $1.0, $1.1) }
                } else {
                    order.append(key)
                    groups[key] = zip(aggregates, values).map { $0.function == .count && $1.isNull ? .int(0) : $1 }
                }
            }
        }
        return order.map { Row(columns: columns, values: $0 + (groups[$0] ?? [])) }
    }

    private static func value(at position: Int?, in row: Row) -> Value {
        guard let position, row.indices.contains(position) else { return .null }
        return row[position]
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
    func cancel() { for part in parts { part.cancel() } }
}

extension Value {
    fileprivate var isDecimal: Bool {
        if case .decimal = self { return true }
        return false
    }
}
