import Switchyard

/// A GitHub-flavoured Markdown table, for pasting results into issues and documents.
///
/// `|` in values is escaped as `\|` and line breaks become `<br>`, so each row stays
/// one table line; numbers are right-aligned through the separator row. Values go
/// under their header column by name; fields a later row brings that the header
/// lacks (MongoDB batches) are left out.
public struct MarkdownFormatter: ResultFormatter {
    private let output: any TextOutput
    private let nullText: String
    private var aligner = ColumnAligner(Columns(names: []))
    private var columnCount = 0
    private var wroteSeparator = false
    private var header: [String] = []

    /// Creates a formatter writing to `output`, showing a null value as `settings`' ``FormatterSettings/nullText``.
    public init(output: any TextOutput, settings: FormatterSettings = FormatterSettings()) {
        self.output = output
        self.nullText = settings.nullText
    }

    /// Writes nothing yet: the header waits for the first row, which decides the alignment.
    public mutating func begin(_ columns: Columns) {
        aligner = ColumnAligner(columns)
        columnCount = aligner.names.count
        header = aligner.names.map(Self.escape)
        wroteSeparator = false
    }

    /// Writes the row as one table line, after the header and separator rows when it is the first.
    public mutating func write(_ row: Row) {
        // The separator row says which columns align right, which the first row tells.
        let values = aligner.align(row).values.prefix(columnCount)
        if !wroteSeparator { writeHeader(alignRight: values.map { $0.map(CellText.isNumeric) ?? false }) }
        output.write(Self.line(values.map { $0.map { Self.escape(CellText.text($0, nullText: nullText)) } ?? "" }))
    }

    /// Writes the header and separator rows when there were no rows, so an empty result is still a table.
    /// A result without columns (a MongoDB `find` that matched nothing) writes nothing.
    public mutating func end(rowCount: Int) {
        if !wroteSeparator, columnCount > 0 { writeHeader(alignRight: Array(repeating: false, count: columnCount)) }
    }

    private mutating func writeHeader(alignRight: [Bool]) {
        wroteSeparator = true
        output.write(Self.line(header))
        output.write(Self.line(alignRight.map { $0 ? "---:" : "---" }))
    }

    private static func line(_ cells: [String]) -> String {
        "| " + cells.joined(separator: " | ") + " |\n"
    }

    /// The text safe inside a table cell.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|": out += "\\|"
            case "\\": out += "\\\\"
            case "\r\n", "\n", "\r": out += "<br>"
            default: out.append(character)
            }
        }
        return out
    }
}
