import Switchyard

/// A JSON array with one object per row, written row by row so it streams.
///
/// Objects keep the column order; values JSON lacks (dates, bytes, UUIDs) are strings
/// in their display form, as ``JSON/serialize(_:)`` writes them.
public struct JSONFormatter: ResultFormatter {
    private let output: any TextOutput
    private var first = true

    public init(output: any TextOutput) {
        self.output = output
    }

    public mutating func begin(_ columns: Columns) {
        first = true
        output.write("[")
    }

    public mutating func write(_ row: Row) {
        output.write((first ? "\n" : ",\n") + JSON.serialize(.document(row.document)))
        first = false
    }

    public mutating func end(rowCount: Int) {
        output.write(first ? "]\n" : "\n]\n")
    }
}
