import Switchyard

/// A SQL dialect shaped like PostgreSQL's, so translator output is easy to read in expectations.
struct TestDialect: SQLDialect {
    var name: String { "test" }
    var supportsNullsOrdering: Bool = true
    func placeholder(_ index: Int) -> String { "$\(index)" }
    func distinct(_ expression: String, _ placeholder: String) -> String { "\(expression) IS DISTINCT FROM \(placeholder)" }
}

/// A result with the given rows of one `n` column.
func numberRows(_ count: Int) -> ResultSet {
    let columns = Columns(names: ["n"])
    return ResultSet(columns: columns, rows: (0..<count).map { Row(columns: columns, values: [.int(Int64($0))]) })
}

/// A terminal handler that records the request it got and answers with `rows` rows.
final class RecordingTerminal: Sendable {
    let received = Locked<[QueryRequest]>([])
    let rows: Int

    init(rows: Int = 0) { self.rows = rows }

    var handler: QueryHandler {
        { [self] request in
            received.withLock { $0.append(request) }
            return QueryResult(rows: numberRows(rows), route: Route(targets: ["test"], reason: "test terminal"))
        }
    }
}
