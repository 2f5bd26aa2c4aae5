import Foundation

/// Records every executed statement in an ``AuditLog``: backend, text, bindings redacted,
/// caller, duration, rows and outcome.
///
/// A statement's record is written when its result has been read to the end (or failed,
/// or was abandoned), since only then are its rows and duration known. Requests refused
/// by a processor's `validate` never execute, so they are not recorded.
public struct AuditProcessor: DataProcessor {
    public let name = "audit"
    /// Where records go; it saves them in the background, so writing one never delays a query.
    public let log: AuditLog
    /// Which backends' statements are recorded.
    public let scope: ProcessorScope

    /// Creates a processor recording statements into `log`, for every backend unless `scope` narrows it.
    public init(log: AuditLog, scope: ProcessorScope = .global) {
        self.log = log
        self.scope = scope
    }

    /// `true`: records are saved in the background, so it never waits.
    public var honoursDeadline: Bool { true }

    public var summary: String { "records every statement with bindings redacted \(scope)" }

    public func process(_ request: QueryRequest, next: QueryHandler) async throws -> QueryResult {
        // Scoped logs decide once the backend is known: after routing, or from the error.
        let startedAt = Date()
        let clock = ContinuousClock()
        let start = clock.now
        var result: QueryResult
        do {
            result = try await next(request)
        } catch {
            let switchyardError = error as? SwitchyardError
            let backends = switchyardError?.backend.map { [$0] } ?? ProcessorScope.declaredBackends(of: request)
            guard scope.applies(toBackends: backends) else { throw error }
            log.write(record(
                request, startedAt: startedAt, backend: switchyardError?.backend ?? "-", duration: clock.now - start,
                rows: 0, outcome: error))
            throw error
        }
        let targets = result.route.targets
        guard scope.applies(toBackends: targets) else { return result }
        let backend = targets.joined(separator: ",")
        result.rows = result.rows.observed(onFinish: { [log] outcome in
            let duration = clock.now - start
            let entry: AuditRecord
            switch outcome {
            case .completed(let summary):
                entry = record(
                    request, startedAt: startedAt, backend: backend, duration: duration,
                    rows: summary.rowsAffected ?? summary.rowsReturned, outcome: nil)
            case .failed(let error, let rows):
                entry = record(request, startedAt: startedAt, backend: backend, duration: duration, rows: rows, outcome: error)
            case .abandoned(let rows):
                var stopped = record(request, startedAt: startedAt, backend: backend, duration: duration, rows: rows, outcome: nil)
                stopped.outcome = "stopped"
                entry = stopped
            }
            log.write(entry)
        })
        return result
    }

    /// The record for `request`; `outcome` is the error it ended with, or nil for success.
    private func record(
        _ request: QueryRequest, startedAt: Date, backend: String, duration: Duration, rows: Int, outcome: (any Error)?
    ) -> AuditRecord {
        let (label, message): (String, String?) =
            switch outcome {
            case nil: ("ok", nil)
            case is CancellationError: ("cancelled", nil)
            case let error as SwitchyardError where error.kind == .cancelled: ("cancelled", nil)
            case let error as SwitchyardError: ("error", "\(error.kind): \(error.message)")
            case let error?: ("error", "\(error)")
            }
        let named = request.statement.language == .sql ? TableNameExtractor.tables(in: request.statement) : []
        let schemas = named.compactMap { name in
            name.firstIndex(of: ".").map { String(name[..<$0]) }
        }
        let schema = request.context.attributes["schema"] ?? (schemas.isEmpty ? nil : Array(Set(schemas)).sorted().joined(separator: ","))
        return AuditRecord(
            startedAt: startedAt, backend: backend, schema: schema, statement: request.statement.text, bindings: request.statement.bindings,
            user: request.context.user, tenant: request.context.tenant, correlationID: request.context.correlationID,
            duration: duration, rows: rows, outcome: label, error: message)
    }
}
