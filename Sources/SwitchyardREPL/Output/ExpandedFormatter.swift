import Switchyard

/// One block per record (`\x`), like psql's expanded display: for wide rows and long
/// values, which it shows in full.
///
/// ```
/// -[ RECORD 1 ]-----------
/// id    | 1
/// notes | first line
///       | second line
/// ```
public struct ExpandedFormatter: ResultFormatter {
    private let output: any TextOutput
    private let nullText: String
    private var rawNames: [String] = []
    private var names: [String] = []
    private var nameWidth = 0
    private var record = 0

    /// Creates a formatter writing to `output`, showing a null value as `settings`' ``FormatterSettings/nullText``.
    public init(output: any TextOutput, settings: FormatterSettings = FormatterSettings()) {
        self.output = output
        self.nullText = settings.nullText
    }

    /// Writes nothing yet; records are numbered from 1 again.
    public mutating func begin(_ columns: Columns) {
        rawNames = columns.names
        names = columns.names.map(CellText.escapeControls)
        nameWidth = names.map { DisplayWidth.of($0) }.max() ?? 0
        record = 0
    }

    /// Writes the row as one `-[ RECORD n ]` block, a line per column and multi-line values continued
    /// under their name.
    public mutating func write(_ row: Row) {
        record += 1
        let title = "-[ RECORD \(record) ]"
        var text = title + String(repeating: "-", count: max(3, nameWidth + 16 - DisplayWidth.of(title))) + "\n"
        // Each row's own column names: rows of one result may differ (MongoDB batches).
        let rowNames = row.columns.names == rawNames ? names : row.columns.names.map(CellText.escapeControls)
        let width = max(nameWidth, rowNames.map { DisplayWidth.of($0) }.max() ?? 0)
        for (name, value) in zip(rowNames, row) {
            let lines = CellText.text(value, nullText: nullText).split(separator: "\n", omittingEmptySubsequences: false)
            for (i, line) in lines.enumerated() {
                let label = i == 0 ? DisplayWidth.pad(name, to: width) : String(repeating: " ", count: width)
                let cell = CellText.escapeControls(String(line))
                text += cell.isEmpty ? "\(label) |\n" : "\(label) | \(cell)\n"
            }
        }
        output.write(text)
    }

    /// Writes `(0 rows)` when there were none, and nothing otherwise.
    public mutating func end(rowCount: Int) {
        if rowCount == 0 { output.write("(0 rows)\n") }
    }
}
