import Switchyard

/// Writes one result in one format while its rows stream in.
///
/// A formatter never needs the whole result: the session calls ``begin(_:)`` once,
/// ``write(_:)`` for each row as it arrives, and ``end(rowCount:)`` after the last,
/// so a million-row result is printed in constant memory.
public protocol ResultFormatter {
    /// Called once, before any row, with the result's columns.
    mutating func begin(_ columns: Columns)
    /// Called for each row, in order.
    mutating func write(_ row: Row)
    /// Called once after the last row; `rowCount` is how many rows were written.
    mutating func end(rowCount: Int)
}

/// What every formatter needs to know besides the rows.
public struct FormatterSettings: Sendable, Hashable {
    /// Widest a table cell may be, in terminal columns; longer values end in `…`.
    public var maxColumnWidth: Int
    /// Rows a table formatter measures before it starts printing (one page).
    public var pageSize: Int
    /// What the table, expanded and Markdown formats show for a null value (`\null`); CSV and
    /// JSON have their own (an empty field, `null`).
    public var nullText: String

    /// Creates settings; by default cells are cut at 60 columns, a page is 500 rows, and a null
    /// value shows as `NULL`.
    public init(maxColumnWidth: Int = 60, pageSize: Int = 500, nullText: String = "NULL") {
        self.maxColumnWidth = maxColumnWidth
        self.pageSize = pageSize
        self.nullText = nullText
    }
}

extension OutputFormat {
    /// A formatter for this format writing to `output`; `expanded` selects one record
    /// per block for the table format (`\x`); `jsonText` writes values for the JSON
    /// format in the backend language's conventions (MongoDB: relaxed Extended JSON).
    public func makeFormatter(
        output: any TextOutput, expanded: Bool = false, settings: FormatterSettings = FormatterSettings(),
        jsonText: @escaping @Sendable (Value) -> String = JSON.serialize
    ) -> any ResultFormatter {
        switch self {
        case .table:
            expanded
                ? ExpandedFormatter(output: output, settings: settings)
                : TableFormatter(output: output, settings: settings)
        case .json: JSONFormatter(output: output, jsonText: jsonText)
        case .csv: CSVFormatter(output: output)
        case .markdown: MarkdownFormatter(output: output, settings: settings)
        }
    }
}
