/// Warnings gathered from the legs of one fan-out while its rows stream.
final class LegWarnings: Sendable {
    private let list = Locked<[String]>([])
    func add(_ warning: String) { list.withLock { $0.append(warning) } }
    var all: [String] { list.withLock { $0 } }
}

extension ResultSet {
    /// This leg's rows, ending quietly (with a warning in `warnings`) if the leg fails
    /// mid-stream: the partial-result policy applied after the first row, not only at the start.
    func endingOnFailure(source: String, warnings: LegWarnings) -> ResultSet {
        ResultSet(columns: columns, stream: PartialLegRowStream(rows: self, source: source, warnings: warnings))
    }

    /// This result with `warnings` added to its summary.
    func reporting(_ warnings: LegWarnings) -> ResultSet {
        ResultSet(columns: columns, stream: WarningRowStream(rows: self, warnings: warnings))
    }
}

/// Passes a leg's rows through; a failure other than cancellation ends the leg with a warning.
final class PartialLegRowStream: RowStream {
    private let inner: any RowStream
    private let source: String
    private let warnings: LegWarnings
    private let state = Locked((delivered: 0, failed: false))

    init(rows: ResultSet, source: String, warnings: LegWarnings) {
        self.inner = rows.stream
        self.source = source
        self.warnings = warnings
    }

    func nextBatch() async throws -> [Row] {
        if state.withLock({ $0.failed }) { return [] }
        do {
            let batch = try await inner.nextBatch()
            state.withLock { $0.delivered += batch.count }
            return batch
        } catch let error where !(error is CancellationError) && (error as? SwitchyardError)?.kind != .cancelled {
            let delivered = state.withLock { state in
                state.failed = true
                return state.delivered
            }
            let reason = (error as? SwitchyardError).map { "\($0.kind): \($0.message)" } ?? "\(error)"
            warnings.add("backend '\(source)' failed after \(delivered) rows (\(reason)); the result is partial")
            inner.cancel()
            return []
        }
    }

    func summary() -> ExecutionSummary { inner.summary() }
    func cancel() { inner.cancel() }
}

/// The merged result of a fan-out, whose summary carries the legs' warnings.
final class WarningRowStream: RowStream {
    private let inner: any RowStream
    private let warnings: LegWarnings

    init(rows: ResultSet, warnings: LegWarnings) {
        self.inner = rows.stream
        self.warnings = warnings
    }

    func nextBatch() async throws -> [Row] { try await inner.nextBatch() }

    func summary() -> ExecutionSummary {
        var summary = inner.summary()
        summary.warnings += warnings.all
        return summary
    }

    func cancel() { inner.cancel() }
}
