import Switchyard

/// Places each row's values under the header's columns by name.
///
/// Rows of one result may carry different columns: MongoDB results take their columns
/// from each batch of documents, so a later batch can bring new fields or leave some
/// out. Formatters that print a header ask this where each value goes, so a value never
/// lands under another field's name. New names are appended to the header; a column a
/// row lacks gets `nil` (shown empty, unlike `NULL`).
struct ColumnAligner {
    /// The header so far: the result's columns, then names later rows brought.
    private(set) var names: [String] = []
    private var indexes: [String: Int] = [:]
    /// The last row shape seen and where its values go, so rows of the same batch cost no lookups.
    private var lastColumns: [String] = []
    private var lastMapping: [Int] = []
    /// The last `Columns` found to match the header exactly (rows of one result share one).
    private var headerColumns: Columns?

    init(_ columns: Columns) {
        for name in columns.names where indexes[name] == nil {
            indexes[name] = names.count
            names.append(name)
        }
        lastColumns = columns.names
        lastMapping = columns.names.map { indexes[$0] ?? 0 }
    }

    /// The row's values in header order (`nil` where the row has no such column), and
    /// whether the row added names to the header.
    mutating func align(_ row: Row) -> (values: [Value?], addedColumns: Bool) {
        if row.columns === headerColumns { return (row.map { $0 }, false) }
        let rowNames = row.columns.names
        if rowNames == names {
            headerColumns = row.columns
            return (row.map { $0 }, false)
        }
        var added = false
        if rowNames != lastColumns {
            for name in rowNames where indexes[name] == nil {
                indexes[name] = names.count
                names.append(name)
                added = true
            }
            lastColumns = rowNames
            lastMapping = rowNames.map { indexes[$0] ?? 0 }
        }
        var values = [Value?](repeating: nil, count: names.count)
        for (position, value) in row.enumerated() where position < lastMapping.count {
            values[lastMapping[position]] = value
        }
        return (values, added)
    }
}
