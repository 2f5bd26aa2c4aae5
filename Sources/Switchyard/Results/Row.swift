/// One row of a result: values in column order plus the shared ``Columns``.
///
/// A row is a random-access collection of its values (`row[0]`, `for value in row`,
/// `row.count`), and `row["name"]` finds a value by column name.
///
/// Rows an adapter reads in one batch share one buffer of values and their columns (see
/// ``RowBatchBuilder``): reading a row allocates nothing of its own, and a row is one
/// reference and an offset, so copying it costs one retain. A row kept after its result is
/// read keeps that buffer alive, as a `Substring` keeps its `String`; copy ``values`` out to
/// keep only the row's own values. Changing a value of a row whose buffer is shared copies
/// the row's values first, so the other rows never see it.
public struct Row: Sendable, Hashable, RandomAccessCollection, MutableCollection {
    /// The batch's columns and values: a row's only reference (two, a `Columns` and a slice of
    /// an array, cost a scan two retains and two releases more per row).
    @usableFromInline var batch: RowStorage
    /// Where this row's values start in the batch's buffer.
    @usableFromInline var start: Int

    public var columns: Columns { batch.columns }

    public init(columns: Columns, values: [Value]) {
        precondition(columns.count == values.count, "a row needs one value per column")
        self.batch = RowStorage(columns: columns, values: ContiguousArray(values))
        self.start = 0
    }

    /// Row `start / width` of `batch`; ``RowBatchBuilder`` makes these.
    @inlinable init(batch: RowStorage, start: Int) {
        self.batch = batch
        self.start = start
    }

    /// The same values under other columns (renamed, say), sharing this row's buffer.
    public func relabeled(_ columns: Columns) -> Row {
        precondition(columns.count == count, "a row needs one value per column")
        return Row(batch: RowStorage(columns: columns, values: batch.values), start: start)
    }

    /// `rows` with each row's columns replaced by `relabel(row.columns)`, the values shared:
    /// the rows of one batch stay over one buffer, with one new `Columns` storage for them
    /// all (``relabeled(_:)`` makes one per row).
    public static func relabeling(_ rows: [Row], _ relabel: (Columns) -> Columns) -> [Row] {
        var source: RowStorage?
        var target: RowStorage?
        return rows.map { row in
            if row.batch !== source {
                let columns = relabel(row.columns)
                precondition(columns.count == row.count, "a row needs one value per column")
                source = row.batch
                target = RowStorage(columns: columns, values: row.batch.values)
            }
            return Row(batch: target!, start: row.start)
        }
    }

    /// The values in column order, as an array of their own.
    ///
    /// Reading it copies the values out of the batch's buffer; to read one value or walk
    /// them, index or iterate the row itself, which copies nothing.
    public var values: [Value] {
        get { Array(batch.values[start..<start &+ batch.width]) }
        set {
            precondition(columns.count == newValue.count, "a row needs one value per column")
            batch = RowStorage(columns: columns, values: ContiguousArray(newValue))
            start = 0
        }
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { batch.width }
    @inlinable public var count: Int { batch.width }

    @inlinable public subscript(index: Int) -> Value {
        get {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: batch.width), "row index out of range")
            return batch.values[start &+ index]
        }
        set {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: batch.width), "row index out of range")
            if !isKnownUniquelyReferenced(&batch) {
                // Shared with the rest of its batch (or a copy of this row): this row's values alone.
                batch = RowStorage(columns: batch.columns, values: ContiguousArray(batch.values[start..<start &+ batch.width]))
                start = 0
            }
            batch.values[start &+ index] = newValue
        }
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
        Document(zip(columns.columns, self).map { Document.Field($0.name, $1) })
    }

    public static func == (a: Row, b: Row) -> Bool { a.columns.names == b.columns.names && a.elementsEqual(b) }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for value in self { hasher.combine(value) }
    }
}

/// The columns and values of one batch of rows (or of one row made on its own), shared by
/// its rows. `@unchecked Sendable`: `values` changes only through a row holding the only
/// reference (``Row``'s setter checks `isKnownUniquelyReferenced` first), as a copy-on-write
/// buffer does; `@exclusivity(unchecked)` because a row reads it once per value, and Swift's
/// run-time exclusivity check on a class's stored property would cost more than the read.
@usableFromInline
final class RowStorage: @unchecked Sendable {
    @usableFromInline let columns: Columns
    /// Values per row: the columns' count, kept here so that a row's `count` is one load.
    @usableFromInline let width: Int
    @exclusivity(unchecked) @usableFromInline var values: ContiguousArray<Value>

    @usableFromInline init(columns: Columns, values: ContiguousArray<Value>) {
        self.columns = columns
        self.width = columns.count
        self.values = values
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
    @usableFromInline var buffer: ContiguousArray<Value>
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
        let batch = RowStorage(columns: columns, values: buffer)
        var rows: [Row] = []
        rows.reserveCapacity(rowCount)
        var start = 0
        for _ in 0..<rowCount {
            rows.append(Row(batch: batch, start: start))
            start += width
        }
        return rows
    }
}
