import Switchyard
import Synchronization

/// Turns a batch of documents into rows.
///
/// Columns are the union of the batch's top-level field names in first-seen order,
/// `_id` first; a document missing a field gets `.null` there. With an inclusion
/// projection (`{name: 1, age: 1}`) the columns are exactly the projected fields
/// instead (plus `_id` unless it is excluded), so every batch of a result has the same
/// columns and a field no document holds still appears. Consecutive documents with the
/// same field names (the usual case) are mapped without any lookup.
struct MongoRowBuilder {
    /// Fixed column names, from an inclusion projection.
    let fixedColumns: [String]?

    init(projection: Document?) {
        fixedColumns = MongoRowBuilder.inclusionColumns(projection)
    }

    init(fixedColumns: [String]?) {
        self.fixedColumns = fixedColumns
    }

    static func inclusionColumns(_ projection: Document?) -> [String]? {
        guard let projection, !projection.isEmpty else { return nil }
        var names: [String] = []
        var includesID = true
        var anyInclusion = false
        for field in projection.fields {
            let included: Bool
            switch field.value {
            case .int(let i): included = i != 0
            case .double(let d): included = d != 0
            case .bool(let b): included = b
            case .scalar(let s) where s.type == MongoScalarType.int32 || s.type == MongoScalarType.int64: included = s.text != "0"
            default: included = true  // an expression or $slice/$elemMatch: the field appears
            }
            let top = String(field.name.split(separator: ".", maxSplits: 1).first ?? Substring(field.name))
            if top == "_id" && field.name == "_id" {
                includesID = included
                continue
            }
            guard included else { return nil }  // exclusion projection: columns come from the documents
            anyInclusion = true
            if !names.contains(top) { names.append(top) }
        }
        guard anyInclusion else { return nil }
        return includesID ? ["_id"] + names : names
    }

    /// Rows of up to `limit` documents that `next` hands out (nil when there are no more),
    /// decoded by `reader` straight from libbson's buffers, which `next` may reuse; room is
    /// made for `reservingRows` at first.
    ///
    /// While every document has the batch's field names in column order (the usual case:
    /// those of the projection, or the first document's), its values go straight into the
    /// batch, the names compared as bytes. The first that does not turns the batch into
    /// documents, read on, and ``rows(_:)`` maps them as it maps a batch read whole.
    func rows(limit: Int, reservingRows: Int, reader: BSONReader, next: () -> OpaquePointer?) -> [Row] {
        guard limit > 0, let first = next() else { return [] }
        let reserving = min(limit, reservingRows)
        var shape: MongoDocumentShape
        var batch: RowBatchBuilder
        var document: OpaquePointer? = first
        if let read = readWithLastShape(first, reservingRows: reserving, reader: reader) {
            (shape, batch) = read
            document = batch.count < limit ? next() : nil
        } else {
            shape = Self.shape(named: fixedColumns ?? reader.keys(first))
            batch = RowBatchBuilder(columns: shape.columns, reservingRows: reserving)
        }
        // Read out of the shape once: through it, each document retained the names' arrays.
        let (keys, isPlain) = (shape.keys, shape.isPlain)
        while let bson = document {
            guard isPlain, reader.appendRow(bson, ifKeysAre: keys, to: &batch) else {
                let names = shape.names
                var documents = batch.rows().map { row in Document(zip(names, row).map { Document.Field($0, $1) }) }
                documents.append(reader.document(bson))
                while documents.count < limit, let more = next() { documents.append(reader.document(more)) }
                return rows(documents)
            }
            document = batch.count < limit ? next() : nil
        }
        return batch.rows()
    }

    /// A batch holding `first` if it has exactly the fields of the last shape read, with that
    /// shape; otherwise nil. The usual lookup: whether the names match is found out in the pass
    /// that reads the values, and the names are not read as strings nor the shape made.
    private func readWithLastShape(
        _ first: OpaquePointer, reservingRows: Int, reader: BSONReader
    ) -> (MongoDocumentShape, RowBatchBuilder)? {
        guard fixedColumns == nil, let last = Self.lastShape(), last.isPlain else { return nil }
        var batch = RowBatchBuilder(columns: last.columns, reservingRows: reservingRows)
        guard reader.appendRow(first, ifKeysAre: last.keys, to: &batch) else { return nil }
        return (last, batch)
    }

    func rows(_ documents: [Document]) -> [Row] {
        guard !documents.isEmpty else { return [] }
        let names = fixedColumns ?? MongoRowBuilder.union(documents)
        let columns = MongoRowBuilder.columns(named: names)
        // The rows share one buffer of values; a document whose fields are the columns in order
        // (the usual case) is copied straight in, others through one reused row.
        var batch = RowBatchBuilder(columns: columns, reservingRows: documents.count)
        var lastNames: [String] = []
        var lastMapping: [Int?] = []
        var lastIsInOrder = false
        var reordered = [Value](repeating: .null, count: names.count)
        for document in documents {
            let sameShape = document.fields.count == lastNames.count
                && zip(document.fields, lastNames).allSatisfy { $0.name == $1 }
            if !sameShape {
                lastNames = document.fields.map(\.name)
                lastMapping = lastNames.map { columns.index(of: $0) }
                lastIsInOrder = lastMapping.count == names.count && lastMapping.enumerated().allSatisfy { $0.offset == $0.element }
            }
            if lastIsInOrder {
                for field in document.fields { batch.append(field.value) }
            } else {
                for index in reordered.indices { reordered[index] = .null }
                for (position, field) in document.fields.enumerated() {
                    if let index = lastMapping[position] { reordered[index] = field.value }
                }
                for value in reordered { batch.append(value) }
            }
            batch.endRow()
        }
        return batch.rows()
    }

    /// Shapes made lately, most recently used first: a series of lookups of one shape shares
    /// its ``Columns`` (and their name index) and its names as bytes instead of making them per
    /// result.
    private static let recentShapes = Mutex<[MongoDocumentShape]>([])

    /// The shape used last, if any.
    private static func lastShape() -> MongoDocumentShape? {
        recentShapes.withLock { $0.first }
    }

    /// The shape of documents with fields `names`, in order: a recent one, or made now.
    static func shape(named names: [String]) -> MongoDocumentShape {
        let known = recentShapes.withLock { recent -> MongoDocumentShape? in
            guard let index = recent.firstIndex(where: { $0.names == names }) else { return nil }
            if index > 0 { recent.insert(recent.remove(at: index), at: 0) }
            return recent[0]
        }
        if let known { return known }
        let made = MongoDocumentShape(names: names)
        recentShapes.withLock { recent in
            recent.insert(made, at: 0)
            if recent.count > 8 { recent.removeLast() }
        }
        return made
    }

    static func columns(named names: [String]) -> Columns { shape(named: names).columns }

    static func union(_ documents: [Document]) -> [String] {
        // The usual case, without a set: every document has the first one's few fields in the
        // same order, `_id` (if any) first, no name twice.
        if let fields = documents.first?.fields, fields.count <= 16,
            !fields.dropFirst().contains(where: { $0.name == "_id" }),
            !fields.indices.contains(where: { i in fields[..<i].contains { $0.name == fields[i].name } }),
            documents.dropFirst().allSatisfy({ document in
                document.fields.count == fields.count && zip(document.fields, fields).allSatisfy { $0.name == $1.name }
            })
        {
            return fields.map(\.name)
        }
        var names: [String] = []
        var seen = Set<String>()
        var hasID = false
        for document in documents {
            for field in document.fields where !seen.contains(field.name) {
                seen.insert(field.name)
                if field.name == "_id" { hasID = true } else { names.append(field.name) }
            }
        }
        return hasID ? ["_id"] + names : names
    }
}

/// The field names of documents, in order, with what reading a document of them takes: their
/// columns, the names as bytes to compare its keys with, and whether it can go straight into
/// a batch. Made once per set of names (``MongoRowBuilder/shape(named:)`` keeps the recent ones).
final class MongoDocumentShape: Sendable {
    let names: [String]
    let columns: Columns
    let keys: BSONKeys
    /// Whether a document with exactly these fields, in order, can be read straight into a
    /// batch: `_id` nowhere but first and no name twice (``MongoRowBuilder/union(_:)`` puts
    /// `_id` first and drops a repeated name, so such a document is not in column order).
    let isPlain: Bool

    init(names: [String]) {
        self.names = names
        columns = Columns(names: names)
        keys = BSONKeys(names)
        isPlain = !names.dropFirst().contains("_id") && Self.areDistinct(names)
    }

    /// Whether no name repeats. A document has few fields: comparing pairs allocates nothing.
    private static func areDistinct(_ names: [String]) -> Bool {
        guard names.count > 16 else {
            for i in names.indices.dropFirst() where names[..<i].contains(names[i]) { return false }
            return true
        }
        return Set(names).count == names.count
    }
}
