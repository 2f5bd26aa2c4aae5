import Switchyard

/// The ``EntityStore`` for MongoDB: repository operations become commands built
/// directly (never text), with predicates translated by ``MongoFilterTranslator``.
///
/// The entity's `id` field is the document's `_id`, so the key is unique and indexed
/// without any set-up; rows come back with `_id` renamed to `id`. Sorting follows
/// MongoDB's order, which puts null and missing first ascending and last descending,
/// as the core requires. Saving is `replaceOne` with `upsert: true`. Fetched rows stream.
struct MongoEntityStore: EntityStore {
    let backend: MongoBackend

    func fetch(_ query: EntityQuery) async throws -> ResultSet {
        var find = MongoFind(collection: query.storageName, filter: MongoFilterTranslator.filter(query.predicate))
        find.sort = MongoFilterTranslator.sort(query.orderBy)
        if query.page.offset > 0 { find.skip = Int64(query.page.offset) }
        if let limit = query.page.limit {
            guard limit > 0 else { return ResultSet(columns: Columns.empty, rows: []) }
            find.limit = Int64(limit)
        }
        let (columns, stream) = try await backend.start(.find(find), text: "db.\(query.storageName).find(…)")
        return ResultSet(columns: MongoIDRenamingStream.rename(columns), stream: MongoIDRenamingStream(base: stream))
    }

    func count(in storageName: String, where predicate: Predicate) async throws -> Int {
        let rows = try await backend.run(
            .countDocuments(collection: storageName, filter: MongoFilterTranslator.filter(predicate), options: [:]),
            text: "db.\(storageName).countDocuments(…)"
        ).collect()
        guard let first = rows.first, let count = Int(value: first[0]) else {
            throw SwitchyardError(.database, "countDocuments returned no number", backend: backend.name)
        }
        return count
    }

    func upsert(into storageName: String, keyField: String, document: Document) async throws {
        guard let key = document[keyField] else {
            throw SwitchyardError(.invalidInput, "cannot save into \(storageName): the entity has no '\(keyField)' field")
        }
        let stored = MongoFilterTranslator.storedName(keyField)
        var replacement = Document([Document.Field(stored, key)])
        for field in document.fields where field.name != keyField { replacement.append(field.name, field.value) }
        try await backend.run(
            .replace(collection: storageName, filter: [stored: key], replacement: replacement, options: ["upsert": .bool(true)]),
            text: "db.\(storageName).replaceOne(…, {upsert: true})"
        ).summary()
    }

    /// `db.getCollection("name").insertMany([{"a": $1, "b": $2}, …])`: names as JSON strings,
    /// so any collection or field name reads back as written. A column named `id` stays `id`
    /// (name it `_id` to set the document's key).
    func insertStatement(into storageName: String, columns: [String], rows: [[Value]]) -> Statement? {
        let keys = columns.map { JSON.serialize(.text($0)) + ": " }
        var text = "db.getCollection(\(JSON.serialize(.text(storageName)))).insertMany(["
        var bindings: [Value] = []
        bindings.reserveCapacity(rows.count * columns.count)
        for (index, row) in rows.enumerated() {
            text += index > 0 ? ", {" : "{"
            for (position, value) in row.enumerated() {
                bindings.append(value)
                text += (position > 0 ? ", " : "") + keys[position] + "$\(bindings.count)"
            }
            text += "}"
        }
        return Statement(text + "])", bindings, language: .mongo)
    }

    func delete(from storageName: String, where predicate: Predicate) async throws -> Int {
        let summary = try await backend.run(
            .delete(collection: storageName, filter: MongoFilterTranslator.filter(predicate), many: true),
            text: "db.\(storageName).deleteMany(…)"
        ).summary()
        return summary.rowsAffected ?? 0
    }
}
