/// One row of a result: values in column order plus the shared ``Columns``.
///
/// A row is a random-access collection of its values (`row[0]`, `for value in row`,
/// `row.count`), and `row["name"]` finds a value by column name.
///
/// Rows an adapter reads in one batch share one buffer of values (see ``RowBatchBuilder``):
/// reading a row allocates nothing of its own. A row kept after its result is read keeps
/// that buffer alive, as a `Substring` keeps its `String`; copy ``values`` out to keep only
/// the row's own values.
public struct Row: Sendable, Hashable, RandomAccessCollection, MutableCollection {
    public let columns: Columns
    @usableFromInline var storage: ArraySlice<Value>

    public init(columns: Columns, values: [Value]) {
        precondition(columns.count == values.count, "a row needs one value per column")
        self.columns = columns
        self.storage = values[...]
    }

    /// A row over `values`, a slice of a batch's shared buffer; ``RowBatchBuilder`` makes these.
    @inlinable init(columns: Columns, slice: ArraySlice<Value>) {
        self.columns = columns
        self.storage = slice
    }

    /// The same values under other columns (renamed, say), sharing this row's buffer.
    public func relabeled(_ columns: Columns) -> Row {
        precondition(columns.count == count, "a row needs one value per column")
        return Row(columns: columns, slice: storage)
    }

    /// The values in column order, as an array of their own.
    ///
    /// Reading it copies the values out of the batch's buffer; to read one value or walk
    /// them, index or iterate the row itself, which copies nothing.
    public var values: [Value] {
        get { Array(storage) }
        set {
            precondition(columns.count == newValue.count, "a row needs one value per column")
            storage = newValue[...]
        }
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { storage.count }
    @inlinable public var count: Int { storage.count }

    @inlinable public subscript(index: Int) -> Value {
        get { storage[storage.startIndex &+ index] }
        set { storage[storage.startIndex &+ index] = newValue }
    }

    /// The value of the column called `name`, or `nil` when there is no such column.
    public subscript(name: String) -> Value? {
        columns.index(of: name).map { self[$0] }
    }

    /// The value of column `name` converted to `T`.
    ///
    /// Throws when the column is missing or its value does not convert.
    public func decode<T: ValueConvertible>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let index = columns.index(of: name) else {
            throw SwitchyardError(.notFound, "no column '\(name)' in the result (columns: \(columns.names.joined(separator: ", ")))")
        }
        let value = self[index]
        guard let converted = T(value: value) else {
            throw SwitchyardError(.typeMismatch, "column '\(name)' holds \(value.typeName) \(value), not \(T.self)")
        }
        return converted
    }

    /// The row as a document, fields in column order.
    public var document: Document {
        Document(zip(columns.columns, storage).map { Document.Field($0.name, $1) })
    }

    public static func == (a: Row, b: Row) -> Bool { a.columns.names == b.columns.names && a.storage == b.storage }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.count)
        for value in storage { hasher.combine(value) }
    }
}

/// Builds one batch of rows over a single shared buffer of values: an adapter appends each
/// row's values in column order and ends the row, then takes the rows.
///
/// One allocation per batch instead of one array per row: a full scan's rows cost the
/// values themselves and nothing else.
///
/// ```swift
/// var builder = RowBatchBuilder(columns: columns, reservingRows: 64)
/// while step() {
///     for column in 0..<columns.count { builder.append(decode(column)) }
///     builder.endRow()
/// }
/// let rows = builder.rows()
/// ```
public struct RowBatchBuilder: Sendable {
    public let columns: Columns
    @usableFromInline let width: Int
    @usableFromInline var buffer: [Value]
    @usableFromInline var rowCount = 0

    /// Rows ended so far.
    @inlinable public var count: Int { rowCount }

    /// A builder for rows of `columns`, with room for `reservingRows` rows before it grows.
    public init(columns: Columns, reservingRows: Int = 1) {
        self.columns = columns
        self.width = columns.count
        self.buffer = []
        buffer.reserveCapacity(max(1, reservingRows) * width)
    }

    /// Appends the next value of the current row.
    @inlinable public mutating func append(_ value: consuming Value) {
        buffer.append(value)
    }

    /// Ends the current row; it must have one value per column.
    @inlinable public mutating func endRow() {
        rowCount += 1
        precondition(buffer.count == rowCount &* width, "a row needs one value per column")
    }

    /// Drops the values appended since the last ended row, so a row found unfit halfway
    /// (a decoder reading optimistically) leaves the batch as it was.
    @inlinable public mutating func discardRow() {
        buffer.removeLast(buffer.count &- rowCount &* width)
    }

    /// Appends a whole row.
    @inlinable public mutating func append<S: Sequence<Value>>(row values: S) {
        buffer.append(contentsOf: values)
        endRow()
    }

    /// The rows ended so far, sharing the builder's buffer (a value left in an unended row is dropped).
    public func rows() -> [Row] {
        var rows: [Row] = []
        rows.reserveCapacity(rowCount)
        var start = 0
        for _ in 0..<rowCount {
            rows.append(Row(columns: columns, slice: buffer[start..<start + width]))
            start += width
        }
        return rows
    }
}
