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
        let names = fixedColumns ?? reader.keys(first)
        // `union` puts `_id` first and drops a repeated name: such a document is not in column order.
        let plain = fixedColumns != nil || (!names.dropFirst().contains("_id") && Self.areDistinct(names))
        var batch = RowBatchBuilder(columns: MongoRowBuilder.columns(named: names), reservingRows: min(limit, reservingRows))
        let keys = BSONKeys(names)
        var document: OpaquePointer? = first
        while let bson = document {
            guard plain, reader.appendRow(bson, ifKeysAre: keys, to: &batch) else {
                var documents = batch.rows().map { row in Document(zip(names, row).map { Document.Field($0, $1) }) }
                documents.append(reader.document(bson))
                while documents.count < limit, let more = next() { documents.append(reader.document(more)) }
                return rows(documents)
            }
            document = batch.count < limit ? next() : nil
        }
        return batch.rows()
    }

    /// Whether no name repeats. A document has few fields: comparing pairs allocates nothing,
    /// where a `Set` of them was an allocation and a hash per name, per lookup.
    private static func areDistinct(_ names: [String]) -> Bool {
        guard names.count > 16 else {
            for i in names.indices.dropFirst() where names[..<i].contains(names[i]) { return false }
            return true
        }
        return Set(names).count == names.count
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

    /// Column lists made lately, most recent first: a series of lookups of one shape shares a
    /// ``Columns`` instead of building its name index per result.
    private static let recentColumns = Mutex<[Columns]>([])

    static func columns(named names: [String]) -> Columns {
        let known = recentColumns.withLock { recent in
            recent.first { $0.count == names.count && zip($0, names).allSatisfy { $0.name == $1 } }
        }
        if let known { return known }
        let made = Columns(names: names)
        recentColumns.withLock { recent in
            recent.insert(made, at: 0)
            if recent.count > 8 { recent.removeLast() }
        }
        return made
    }

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
