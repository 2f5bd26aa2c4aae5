import Switchyard

/// A JSON array with one object per row, written row by row so it streams.
///
/// Objects keep the column order; values JSON lacks (dates, bytes, UUIDs, and the
/// doubles NaN, Infinity and -Infinity) are strings in their display form, as
/// ``JSON/serialize(_:)`` writes them; MongoDB results follow relaxed Extended JSON
/// instead (`{"$numberDouble": "NaN"}`).
public struct JSONFormatter: ResultFormatter {
    private let output: any TextOutput
    private let jsonText: @Sendable (Value) -> String
    private var first = true

    /// - Parameters:
    ///   - output: where the JSON array is written.
    ///   - jsonText: how a row (as a document) is written; the language's
    ///     conventions, such as MongoDB's relaxed Extended JSON.
    public init(output: any TextOutput, jsonText: @escaping @Sendable (Value) -> String = JSON.serialize) {
        self.output = output
        self.jsonText = jsonText
    }

    /// Writes the opening `[`.
    public mutating func begin(_ columns: Columns) {
        first = true
        output.write("[")
    }

    /// Writes the row as one object on its own line, after a comma when it is not the first.
    public mutating func write(_ row: Row) {
        output.write((first ? "\n" : ",\n") + jsonText(.document(row.document)))
        first = false
    }

    /// Writes the closing `]`, so an empty result is `[]`.
    public mutating func end(rowCount: Int) {
        output.write(first ? "]\n" : "\n]\n")
    }
}
