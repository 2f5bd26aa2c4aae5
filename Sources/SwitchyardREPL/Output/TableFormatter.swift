import Switchyard

/// Aligned columns like psql: a centred header, a separator, one line per row and a
/// `(N rows)` footer.
///
/// Rows are printed page by page: column widths come from the header and the first
/// page (``FormatterSettings/pageSize`` rows), and later pages may only widen them, so
/// a long result streams in constant memory and earlier lines stay aligned. Cells
/// wider than ``FormatterSettings/maxColumnWidth`` end in `…`; `NULL` is shown as such;
/// numbers are right-aligned.
public struct TableFormatter: ResultFormatter {
    private let output: any TextOutput
    private let settings: FormatterSettings
    private var names: [String] = []
    private var widths: [Int] = []
    private var page: [[Cell]] = []
    private var headerWritten = false

    private struct Cell {
        var text: String
        var width: Int
        var alignRight: Bool
    }

    public init(output: any TextOutput, settings: FormatterSettings = FormatterSettings()) {
        self.output = output
        self.settings = settings
    }

    public mutating func begin(_ columns: Columns) {
        names = columns.names.map { DisplayWidth.truncate(CellText.escapeControls($0), to: settings.maxColumnWidth) }
        widths = names.map { DisplayWidth.of($0) }
        page = []
        page.reserveCapacity(settings.pageSize)
        headerWritten = false
    }

    public mutating func write(_ row: Row) {
        let cells = row.values.map { value -> Cell in
            let text = DisplayWidth.truncate(CellText.singleLine(value), to: settings.maxColumnWidth)
            return Cell(text: text, width: DisplayWidth.of(text), alignRight: CellText.isNumeric(value))
        }
        page.append(cells)
        if page.count >= max(1, settings.pageSize) { flushPage() }
    }

    public mutating func end(rowCount: Int) {
        flushPage()
        if !headerWritten { writeHeader() }
        output.write(rowCount == 1 ? "(1 row)\n" : "(\(rowCount) rows)\n")
    }

    private mutating func flushPage() {
        for cells in page {
            for (i, cell) in cells.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.width) }
        }
        if !headerWritten { writeHeader() }
        var text = ""
        for cells in page {
            text += line(cells.enumerated().map { i, cell in
                DisplayWidth.pad(cell.text, to: i < widths.count ? widths[i] : cell.width, alignRight: cell.alignRight)
            })
        }
        output.write(text)
        page.removeAll(keepingCapacity: true)
    }

    private mutating func writeHeader() {
        headerWritten = true
        let header = names.enumerated().map { i, name in centred(name, in: widths[i]) }
        output.write(line(header))
        output.write(widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "\n")
    }

    /// ` a | b | c` with the trailing spaces of the last cell removed.
    private func line(_ padded: [String]) -> String {
        var text = padded.map { " \($0) " }.joined(separator: "|")
        while text.last == " " { text.removeLast() }
        return text + "\n"
    }

    private func centred(_ text: String, in width: Int) -> String {
        let missing = max(0, width - DisplayWidth.of(text))
        let left = missing / 2
        return String(repeating: " ", count: left) + text + String(repeating: " ", count: missing - left)
    }
}
