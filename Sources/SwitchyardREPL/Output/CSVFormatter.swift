import Switchyard

/// RFC 4180 comma-separated values: a header row, then one record per row, lines
/// ending in CRLF.
///
/// Fields holding a comma, a quote, CR or LF are quoted with quotes doubled. `NULL`
/// is an empty field and an empty string is `""`, so the two stay distinguishable.
/// Values go under their header column by name; fields a later row brings that the
/// header lacks (MongoDB batches) are left out, since CSV has one header.
public struct CSVFormatter: ResultFormatter {
    private let output: any TextOutput
    private var aligner = ColumnAligner(Columns(names: []))
    private var headerCount = 0

    /// Creates a formatter writing to `output`.
    public init(output: any TextOutput) {
        self.output = output
    }

    /// Writes the header record of column names; none for a result without columns.
    public mutating func begin(_ columns: Columns) {
        aligner = ColumnAligner(columns)
        headerCount = aligner.names.count
        guard !columns.isEmpty else { return }
        output.write(columns.names.map(Self.field).joined(separator: ",") + "\r\n")
    }

    /// Writes one record, its values placed under the header's columns by name.
    public mutating func write(_ row: Row) {
        let fields = aligner.align(row).values.prefix(headerCount).map { value -> String in
            switch value {
            case nil, .null?: ""
            case .text(let text)? where text.isEmpty: "\"\""
            case let value?: Self.field(value.description)
            }
        }
        output.write(fields.joined(separator: ",") + "\r\n")
    }

    /// Writes nothing: CSV has no footer, and an empty result is the header alone.
    public mutating func end(rowCount: Int) {}

    /// `text` quoted when RFC 4180 requires it.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
