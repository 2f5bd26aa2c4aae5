import CMongoC
import Switchyard

extension MongoCommandRunner {
    /// Inserts, updates, replaces, deletes and schema changes: one row describing what happened.
    func runWrite(_ operation: MongoCommand) throws -> MongoOutcome {
        switch operation {
        case .insert(let name, let documents):
            // Ids are assigned here rather than by libmongoc so they can be reported.
            var ids: [Value] = []
            let withIDs = documents.map { document -> Document in
                if let id = document["_id"] {
                    ids.append(id)
                    return document
                }
                let id = MongoScalarType.objectId(MongoObjectID.generate())
                ids.append(id)
                return Document([Document.Field("_id", id)] + document.fields)
            }
            guard !withIDs.isEmpty else { return written(["insertedCount": .int(0), "insertedIds": .array([])], affected: 0, lastID: nil) }
            let reply = try withCollection(name) { collection in
                try MongoBSONList.with(withIDs) { pointers, count in
                    var error = bson_error_t()
                    let (ok, reply) = try MongoReply.with { reply in
                        try withOptions([:]) { o in mongoc_collection_insert_many(collection, pointers, count, o, reply, &error) }
                    }
                    guard ok else {
                        // Ordered: the documents before the failing one are written, and stay.
                        var failure = fail(error, "inserting into \(name)")
                        failure.rowsWrittenBeforeFailure = Int64(value: reply["insertedCount"] ?? .null).map(Int.init)
                        throw failure
                    }
                    return reply
                }
            }
            let inserted = Int64(value: reply["insertedCount"] ?? .null) ?? Int64(withIDs.count)
            return written(["insertedCount": .int(inserted), "insertedIds": .array(ids)], affected: Int(inserted), lastID: ids.last)
        case .update(let name, let filter, let update, let many, let options):
            let updateDocument: Document
            switch update {
            case .document(let d): updateDocument = d
            case .array(let stages): updateDocument = Document(stages.enumerated().map { Document.Field(String($0.offset), $0.element) })
            default: throw SwitchyardError(.invalidInput, "an update must be a document or a pipeline", backend: backend, statement: statement)
            }
            let reply = try write(name, "updating \(name)", filter, updateDocument, options) { c, f, u, o, r, e in
                many ? mongoc_collection_update_many(c, f, u, o, r, e) : mongoc_collection_update_one(c, f, u, o, r, e)
            }
            return updateResult(reply)
        case .replace(let name, let filter, let replacement, let options):
            let reply = try write(name, "replacing in \(name)", filter, replacement, options) { c, f, u, o, r, e in
                mongoc_collection_replace_one(c, f, u, o, r, e)
            }
            return updateResult(reply)
        case .delete(let name, let filter, let many):
            let reply = try withCollection(name) { collection in
                var error = bson_error_t()
                let (ok, reply) = try MongoReply.with { reply in
                    try BSONWriter.withBSON(filter) { f in
                        try withOptions([:]) { o in
                            many ? mongoc_collection_delete_many(collection, f, o, reply, &error)
                                : mongoc_collection_delete_one(collection, f, o, reply, &error)
                        }
                    }
                }
                guard ok else { throw fail(error, "deleting from \(name)") }
                return reply
            }
            let deleted = Int64(value: reply["deletedCount"] ?? .null) ?? 0
            return written(["deletedCount": .int(deleted)], affected: Int(deleted), lastID: nil)
        case .createIndex(let name, let keys, let options):
            var index: Document = ["key": .document(keys)]
            if options["name"] == nil {
                index.append("name", .text(keys.map { "\($0.name)_\($0.value.description)" }.joined(separator: "_")))
            }
            for field in options.fields { index.append(field.name, field.value) }
            _ = try runCommand(["createIndexes": .text(name), "indexes": .array([.document(index)])], "creating an index on \(name)")
            return .rows(single(["name": index["name"] ?? .null]), ExecutionSummary(rowsReturned: 1))
        case .drop(let name):
            let dropped = try withCollection(name) { collection -> Bool in
                var error = bson_error_t()
                if mongoc_collection_drop_with_opts(collection, nil, &error) { return true }
                // Dropping a collection that does not exist is not an error (mongosh returns false).
                if error.code == 26 || MongoErrorMapping.message(error).contains("ns not found") { return false }
                throw fail(error, "dropping \(name)")
            }
            return .rows(single(["dropped": .bool(dropped)]), ExecutionSummary(rowsReturned: 1))
        case .createCollection(let name, let options):
            var command: Document = ["create": .text(name)]
            for field in options.fields { command.append(field.name, field.value) }
            _ = try runCommand(command, "creating collection \(name)")
            return .rows(single(["ok": .int(1)]), ExecutionSummary(rowsReturned: 1))
        default:
            throw SwitchyardError(.unsupported, "this command is not a write", backend: backend, statement: statement)
        }
    }

    private typealias WriteCall = (OpaquePointer, OpaquePointer, OpaquePointer, OpaquePointer, OpaquePointer, UnsafeMutablePointer<bson_error_t>) -> Bool

    private func write(
        _ name: String, _ what: String, _ filter: Document, _ update: Document, _ options: Document, _ call: WriteCall
    ) throws -> Document {
        try withCollection(name) { collection in
            var error = bson_error_t()
            let (ok, reply) = try MongoReply.with { reply in
                try BSONWriter.withBSON(filter) { f in
                    try BSONWriter.withBSON(update) { u in
                        try withOptions(options) { o in call(collection, f, u, o, reply, &error) }
                    }
                }
            }
            guard ok else { throw fail(error, what) }
            return reply
        }
    }

    private func updateResult(_ reply: Document) -> MongoOutcome {
        let matched = Int64(value: reply["matchedCount"] ?? .null) ?? 0
        let modified = Int64(value: reply["modifiedCount"] ?? .null) ?? 0
        let upserted = Int64(value: reply["upsertedCount"] ?? .null) ?? 0
        var result: Document = ["matchedCount": .int(matched), "modifiedCount": .int(modified), "upsertedCount": .int(upserted)]
        let upsertedID = reply["upsertedId"]
        result.append("upsertedId", upsertedID ?? .null)
        return written(result, affected: Int(matched + upserted), lastID: upsertedID)
    }

    private func written(_ result: Document, affected: Int, lastID: Value?) -> MongoOutcome {
        .rows(single(result), ExecutionSummary(rowsAffected: affected, lastInsertedID: lastID, rowsReturned: 1))
    }
}

/// A C array of `bson_t *` for `mongoc_collection_insert_many`.
enum MongoBSONList {
    static func with<T>(_ documents: [Document], _ body: (UnsafeMutablePointer<OpaquePointer?>, Int) throws -> T) throws -> T {
        var pointers: [OpaquePointer?] = []
        pointers.reserveCapacity(documents.count)
        defer { for pointer in pointers { if let pointer { bson_destroy(pointer) } } }
        for document in documents { pointers.append(try BSONWriter.makeBSON(document)) }
        return try pointers.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { throw SwitchyardError(.invalidInput, "nothing to insert") }
            return try body(base, buffer.count)
        }
    }
}
