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
/// its rows. `@unchecked Sendable`: `values` changes only through the only reference — a
/// row's (``Row``'s setter checks `isKnownUniquelyReferenced` first) or a
/// ``RowBatchRecycler``'s once its rows are gone (it checks the same) — as a copy-on-write
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
    /// The batch's values; a recycled buffer (``RowBatchRecycler``) also holds, past
    /// `written`, values of the batch before, each overwritten in turn.
    @usableFromInline var buffer: ContiguousArray<Value>
    /// Values appended so far.
    @usableFromInline var written = 0
    /// Values of a recycled buffer's batch before: `append` writes over them up to here.
    @usableFromInline var stale = 0
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

    /// A builder writing over `buffer`, which nothing else may hold.
    init(columns: Columns, buffer: ContiguousArray<Value>, reservingRows: Int) {
        self.columns = columns
        self.width = columns.count
        self.buffer = buffer
        self.stale = buffer.count
        self.buffer.reserveCapacity(max(1, reservingRows) * width)
    }

    /// Appends the next value of the current row.
    @inlinable public mutating func append(_ value: consuming Value) {
        // Over a recycled buffer the old value is freed right after the new one is made, so
        // a text's allocation takes the memory its predecessor just gave back.
        if written < stale { buffer[written] = value } else { buffer.append(value) }
        written &+= 1
    }

    /// Ends the current row; it must have one value per column.
    @inlinable public mutating func endRow() {
        rowCount += 1
        precondition(written == rowCount &* width, "a row needs one value per column")
    }

    /// Drops the values appended since the last ended row, so a row found unfit halfway
    /// (a decoder reading optimistically) leaves the batch as it was.
    @inlinable public mutating func discardRow() {
        written = rowCount &* width
        // Values appended past a recycled buffer's old ones go; those written over old ones stay
        // until written over again.
        let kept = Swift.max(written, stale)
        if buffer.count > kept { buffer.removeLast(buffer.count &- kept) }
    }

    /// Appends a whole row.
    @inlinable public mutating func append<S: Sequence<Value>>(row values: S) {
        for value in values { append(value) }
        endRow()
    }

    /// The rows ended so far, sharing the builder's buffer (a value left in an unended row is dropped).
    public func rows() -> [Row] {
        let values = written == buffer.count ? buffer : ContiguousArray(buffer[..<written])
        return rows(over: RowStorage(columns: columns, values: values))
    }

    /// The rows ended so far, over a storage taking the builder's buffer: the builder is left empty.
    mutating func takeRows() -> (rows: [Row], storage: RowStorage) {
        if written < buffer.count { buffer.removeSubrange(written...) }
        let storage = RowStorage(columns: columns, values: buffer)
        buffer = []
        let rows = rows(over: storage)
        written = 0
        stale = 0
        rowCount = 0
        return (rows, storage)
    }

    private func rows(over batch: RowStorage) -> [Row] {
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

/// Builds a cursor's batches one after another in the same buffer of values, once the
/// rows of the batch before are all gone.
///
/// A scan's consumer usually drops each batch's rows before it asks for the next batch.
/// Built anew, every batch allocated its buffer, and a text value's storage was freed with
/// the rest of its batch's at once and allocated again one by one for the next — a bulk
/// pattern that defeats the allocator's per-thread cache. Over the old buffer, each new
/// value replaces an old one, and its memory is the one just given back. Rows kept by the
/// consumer (collected, say) keep their buffer: the next batch then gets a new one.
///
/// An adapter's cursor keeps one recycler and uses it for every batch:
///
/// ```swift
/// var builder = recycler.builder(columns: columns, reservingRows: 256)
/// while step() {
///     for column in 0..<columns.count { builder.append(decode(column)) }
///     builder.endRow()
/// }
/// let rows = recycler.rows(of: &builder, isLast: statementIsDone)
/// // …and when the statement stops early, so that no value outlives it:
/// recycler.removeAll()
/// ```
public struct RowBatchRecycler: Sendable {
    /// The last batch's storage, while the cursor may read another batch.
    @usableFromInline var last: RowStorage?

    public init() {}

    /// A builder for the next batch: over the last batch's buffer when no row of that batch
    /// is left, over a new one otherwise.
    @inlinable public mutating func builder(columns: Columns, reservingRows: Int) -> RowBatchBuilder {
        guard let storage = last.take() else { return RowBatchBuilder(columns: columns, reservingRows: reservingRows) }
        return Self.builder(over: storage, columns: columns, reservingRows: reservingRows)
    }

    @usableFromInline static func builder(over storage: consuming RowStorage, columns: Columns, reservingRows: Int) -> RowBatchBuilder {
        var storage = storage
        guard isKnownUniquelyReferenced(&storage) else {
            return RowBatchBuilder(columns: columns, reservingRows: reservingRows)
        }
        // Taken out, the buffer is held once (unless a relabelled row's storage shares it:
        // then its first overwrite copies it, and the relabelled rows keep theirs).
        let values = storage.values
        storage.values = []
        return RowBatchBuilder(columns: columns, buffer: values, reservingRows: reservingRows)
    }

    /// The rows `builder` ended; `builder` is left empty. Unless `isLast` (the statement has
    /// no more rows), they are remembered so that the next
    /// ``builder(columns:reservingRows:)`` can reuse their buffer once they are gone.
    public mutating func rows(of builder: inout RowBatchBuilder, isLast: Bool = false) -> [Row] {
        let (rows, storage) = builder.takeRows()
        last = isLast ? nil : storage
        return rows
    }

    /// Forgets the last batch, so that its values go with its rows: call it when the
    /// statement stops before its last batch (that one, `isLast`, is never kept).
    public mutating func removeAll() {
        last = nil
    }
}
