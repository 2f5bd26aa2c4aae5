import Switchyard

/// A terminal handler whose answer to the n-th call (1-based) is scripted, recording every request.
final class ScriptedTerminal: Sendable {
    let received = Locked<[QueryRequest]>([])
    private let script: @Sendable (Int, QueryRequest) async throws -> QueryResult

    init(_ script: @escaping @Sendable (Int, QueryRequest) async throws -> QueryResult) { self.script = script }

    var calls: Int { received.value.count }

    var handler: QueryHandler {
        { [self] request in
            let call = received.withLock { $0.append(request); return $0.count }
            return try await script(call, request)
        }
    }
}

/// A result of `rows` under `columns`, as if `backend` had answered.
func tableResult(_ columns: [String], _ rows: [[Value]], backend: String = "test") -> QueryResult {
    let names = Columns(names: columns)
    return QueryResult(
        rows: ResultSet(columns: names, rows: rows.map { Row(columns: names, values: $0) }),
        route: Route(targets: [backend], reason: "scripted"))
}

/// A result streaming `batches` one per `nextBatch`, sleeping `delay` before each.
final class SlowRowStream: RowStream {
    private let batches: Locked<[[Row]]>
    private let delay: Duration
    let cancelled = Locked(false)

    init(batches: [[Row]], delay: Duration) {
        self.batches = Locked(batches)
        self.delay = delay
    }

    func nextBatch() async throws -> [Row] {
        try await Task.sleep(for: delay)
        return batches.withLock { $0.isEmpty ? [] : $0.removeFirst() }
    }

    func summary() -> ExecutionSummary { ExecutionSummary() }
    func cancel() { cancelled.withLock { $0 = true } }
}

/// Runs `request` through `processors` and `terminal`, returning the result's values.
func runValues(_ processors: [any DataProcessor], _ request: QueryRequest, _ terminal: ScriptedTerminal) async throws -> [[Value]] {
    try await ProcessorChain(processors).run(request, terminal: terminal.handler).rows.collect().map(\.values)
}

/// The `SwitchyardError` `body` throws, or nil.
func processorError(_ body: () async throws -> Void) async -> SwitchyardError? {
    do {
        try await body()
        return nil
    } catch {
        return error as? SwitchyardError
    }
}
