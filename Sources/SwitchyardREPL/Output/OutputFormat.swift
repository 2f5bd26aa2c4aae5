/// The ways the REPL can print a result, chosen with `--format` or `\format`.
public enum OutputFormat: String, Sendable, CaseIterable, Hashable {
    /// Aligned columns with a header and a row count, like psql.
    case table
    /// A JSON array of objects, one per row.
    case json
    /// RFC 4180 comma-separated values with a header row.
    case csv
    /// A GitHub-flavoured Markdown table.
    case markdown

    /// Whether the format is read by programs rather than people: status lines
    /// (row counts, timings, notices) then go to standard error so the output stays parseable.
    public var isMachineReadable: Bool { self == .json || self == .csv }

    /// The names accepted by `--format` and `\format`, for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: "|") }
}
