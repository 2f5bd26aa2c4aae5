import Switchyard

extension MongoBackend {
    /// Documents sampled per collection when inferring its fields.
    static let catalogSampleSize: Int64 = 100

    /// The current database's collections, each with the fields seen in a sample of up
    /// to 100 documents (``inferFields(in:)``). A document store has no declared
    /// schema, so every field but `_id` is reported nullable: any document may lack it.
    /// `_id` is the primary key.
    public func catalog() async throws -> Catalog {
        let names = try await run(.listCollections, text: "show collections").collect().compactMap { row -> String? in
            if case .text(let name) = row[0] { return name }
            return nil
        }
        var objects: [CatalogObject] = []
        for name in names where !name.hasPrefix("system.") {
            let fields = try await inferFields(in: name)
            objects.append(CatalogObject(
                name: name, kind: .collection,
                columns: fields.map { CatalogColumn(name: $0.name, type: $0.typeDescription, isNullable: $0.name != "_id", isPrimaryKey: $0.name == "_id") }))
        }
        return Catalog(objects: objects)
    }

    /// The top-level fields of up to 100 documents of `collection`, in first-seen order
    /// (`_id` first), with the types observed and whether every sampled document has them.
    public func inferFields(in collection: String) async throws -> [MongoFieldSummary] {
        let find = MongoFind(collection: collection, limit: MongoBackend.catalogSampleSize)
        var summaries: [MongoFieldSummary] = []
        var sampled = 0
        for try await row in try await run(.find(find), text: "db.\(collection).find().limit(\(MongoBackend.catalogSampleSize))") {
            sampled += 1
            for (column, value) in zip(row.columns.columns, row.values) {
                let index: Int
                if let existing = summaries.firstIndex(where: { $0.name == column.name }) {
                    index = existing
                } else {
                    summaries.append(MongoFieldSummary(name: column.name, types: [], documentsWithField: 0, sampledDocuments: 0))
                    index = summaries.count - 1
                }
                // Rows fill absent fields with null; a field that is null in every sampled row is still listed.
                if !value.isNull {
                    summaries[index].documentsWithField += 1
                    let type = MongoFieldSummary.typeName(value)
                    if !summaries[index].types.contains(type) { summaries[index].types.append(type) }
                }
            }
        }
        for index in summaries.indices { summaries[index].sampledDocuments = sampled }
        return summaries
    }
}

/// What a sample of a collection shows about one field.
public struct MongoFieldSummary: Sendable, Hashable {
    /// The field's top-level name.
    public var name: String
    /// BSON-flavoured type names seen, in first-seen order (`string`, `int`, `objectId`…).
    public var types: [String]
    /// Sampled documents holding a non-null value in the field.
    public var documentsWithField: Int
    /// How many documents the sample held (the same for every field of a collection).
    public var sampledDocuments: Int

    /// Whether every sampled document holds a value.
    public var isAlwaysPresent: Bool { documentsWithField == sampledDocuments }

    /// `int`, `int|string`, or `null` when only nulls were seen.
    public var typeDescription: String { types.isEmpty ? "null" : types.joined(separator: "|") }

    static func typeName(_ value: Value) -> String {
        switch value {
        case .text: "string"
        case .timestamp: "date"
        case .document: "object"
        case .bytes: "binData"
        case .decimal: "decimal"
        default: value.typeName
        }
    }
}
