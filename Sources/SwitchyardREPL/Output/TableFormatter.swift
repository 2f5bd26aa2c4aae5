import Switchyard

/// Aligned columns like psql: a centred header, a separator, one line per row and a
/// `(N rows)` footer.
///
/// Rows are printed page by page: column widths come from the header and the first
/// page (``FormatterSettings/pageSize`` rows), and later pages may only widen them, so
/// a long result streams in constant memory and earlier lines stay aligned. Cells
/// wider than ``FormatterSettings/maxColumnWidth`` end in `…`; a null value is shown as
/// ``FormatterSettings/nullText`` (`NULL`); numbers are right-aligned.
///
/// Values are placed under their column by name: when a later row brings fields the
/// header lacks (a MongoDB batch with new fields), the header is printed again with
/// them added, and a field a row lacks is left empty.
public struct TableFormatter: ResultFormatter {
    private let output: any TextOutput
    private let settings: FormatterSettings
    private var names: [String] = []
    private var aligner = ColumnAligner(Columns(names: []))
    /// Rows brought columns since the header was printed: print it again before the next page.
    private var headerIsStale = false
    private var widths: [Int] = []
    private var page: [[Cell]] = []
    private var headerWritten = false

    private struct Cell {
        var text: String
        var width: Int
        var alignRight: Bool
    }

    /// Creates a formatter writing to `output`, with cell widths and page size from `settings`.
    public init(output: any TextOutput, settings: FormatterSettings = FormatterSettings()) {
        self.output = output
        self.settings = settings
    }

    /// Writes nothing yet: the header waits until the first page has been measured.
    public mutating func begin(_ columns: Columns) {
        aligner = ColumnAligner(columns)
        names = aligner.names.map(displayName)
        widths = names.map { DisplayWidth.of($0) }
        headerIsStale = false
        page = []
        page.reserveCapacity(settings.pageSize)
        headerWritten = false
    }

    /// Keeps the row for the current page; a full page is printed (with the header first, when it is due).
    public mutating func write(_ row: Row) {
        let (values, addedColumns) = aligner.align(row)
        if addedColumns {
            // Rows measured so far keep their place; the new columns follow, and the header is printed again.
            if headerWritten { flushPage() }
            for name in aligner.names.dropFirst(names.count) {
                names.append(displayName(name))
                widths.append(DisplayWidth.of(names[names.count - 1]))
            }
            if headerWritten { headerIsStale = true }
        }
        let cells = values.map { value -> Cell in
            guard let value else { return Cell(text: "", width: 0, alignRight: false) }
            let text = DisplayWidth.truncate(CellText.singleLine(value, nullText: settings.nullText), to: settings.maxColumnWidth)
            return Cell(text: text, width: DisplayWidth.of(text), alignRight: CellText.isNumeric(value))
        }
        page.append(cells)
        if page.count >= max(1, settings.pageSize) { flushPage() }
    }

    /// Prints the last page (or the header alone, for an empty result) and the `(N rows)` footer.
    /// A result without columns (a MongoDB `find` that matched nothing) is the footer alone.
    public mutating func end(rowCount: Int) {
        flushPage()
        if !headerWritten, !names.isEmpty { writeHeader() }
        output.write(rowCount == 1 ? "(1 row)\n" : "(\(rowCount) rows)\n")
    }

    private mutating func flushPage() {
        for cells in page {
            for (i, cell) in cells.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.width) }
        }
        if page.isEmpty { return }
        if !headerWritten || headerIsStale { writeHeader() }
        var text = ""
        for var cells in page {
            // Rows measured before a later row added columns are empty in those columns.
            while cells.count < widths.count { cells.append(Cell(text: "", width: 0, alignRight: false)) }
            text += line(cells.enumerated().map { i, cell in
                DisplayWidth.pad(cell.text, to: i < widths.count ? widths[i] : cell.width, alignRight: cell.alignRight)
            })
        }
        output.write(text)
        page.removeAll(keepingCapacity: true)
    }

    private func displayName(_ name: String) -> String {
        DisplayWidth.truncate(CellText.escapeControls(name), to: settings.maxColumnWidth)
    }

    private mutating func writeHeader() {
        if headerWritten { output.write("\n") }
        headerWritten = true
        headerIsStale = false
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
