/// Replaces the values of named columns with `***` in streamed rows, so sensitive data
/// (e-mail, card numbers) never leaves the pipeline whatever the statement selected.
///
/// Names match case-insensitively; every value of a redacted column is replaced,
/// `NULL` included, so not even presence leaks.
public struct ColumnRedaction: InlineProcessor {
    public let name = "redaction"
    /// Column names, lower-cased.
    public let columns: Set<String>
    /// Which backends' results it masks.
    public let scope: ProcessorScope

    /// What a redacted value reads as.
    public static let mask = Value.text("***")

    /// Creates a processor masking `columns` (in any case) in results from backends in `scope`.
    public init(columns: Set<String>, scope: ProcessorScope = .global) {
        self.columns = Set(columns.map { $0.lowercased() })
        self.scope = scope
    }

    public var summary: String { "masks \(columns.sorted().joined(separator: ", ")) \(scope)" }

    /// Masks the redacted columns in every row as it streams; results with none of them pass unchanged.
    public func complete(_ result: inout QueryResult, for request: QueryRequest, startedAt: ContinuousClock.Instant) {
        guard scope.applies(toBackends: result.route.targets) else { return }
        let masked = result.rows.columns.enumerated().filter { columns.contains($0.element.name.lowercased()) }.map(\.offset)
        guard !masked.isEmpty else { return }
        result.rows = result.rows.observed(onBatch: { rows in
            rows.map { row in
                var row = row
                for index in masked where index < row.count { row[index] = Self.mask }
                return row
            }
        })
    }
}
