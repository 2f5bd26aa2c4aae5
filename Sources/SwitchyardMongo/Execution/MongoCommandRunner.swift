import CMongoC
import Switchyard

/// Runs one ``MongoCommand`` with libmongoc on the calling worker thread, using a
/// client popped from the pool for this job alone.
///
/// Reads return an open cursor (the client goes with it) or rows; writes return one
/// row with the counts MongoDB reports (`insertedCount`, `insertedIds`,
/// `matchedCount`, `modifiedCount`, `upsertedCount`, `upsertedId`, `deletedCount`)
/// and ``ExecutionSummary/rowsAffected``.
struct MongoCommandRunner {
    /// Set once a cursor has taken the client: from then on the cursor returns it to the
    /// pool (also when its first batch fails), and the caller must not.
    final class Custody {
        var handedToCursor = false
    }

    let client: OpaquePointer
    /// The client's kept collection handles; `nil`: a handle per command.
    let collections: MongoCollectionHandles?
    let custody = Custody()
    /// The transaction's `mongoc_client_session_t`, when the command runs in one.
    var session: OpaquePointer? = nil
    let pool: MongoClientPool
    let database: String
    let backend: String
    let statement: String

    /// Whether the client went with a cursor (and must not be pushed back by the caller).
    enum Ownership { case keptByCursor, returnToPool }

    func fail(_ error: bson_error_t, _ what: String) -> SwitchyardError {
        MongoErrorMapping.error(error, doing: what, backend: backend, statement: statement)
    }

    func run(_ operation: MongoCommand) throws -> (MongoOutcome, Ownership) {
        switch operation {
        case .find(let find):
            return try withCollection(find.collection) { collection in
                var options = find.options
                if let limit = find.limit, limit < 0 {
                    options["limit"] = .int(-limit)
                    options["singleBatch"] = .bool(true)
                }
                let cursor = try BSONWriter.withBSON(find.filter) { filter in
                    try withOptions(options) { opts in mongoc_collection_find_with_opts(collection, filter, opts, nil) }
                }
                return try startCursor(cursor, MongoRowBuilder(projection: find.projection), "find on \(find.collection)")
            }
        case .aggregate(let name, let pipeline, let options):
            return try withCollection(name) { collection in
                let cursor = try BSONWriter.withBSON(["pipeline": .array(pipeline)]) { stages in
                    try withOptions(options) { opts in mongoc_collection_aggregate(collection, MONGOC_QUERY_NONE, stages, opts, nil) }
                }
                return try startCursor(cursor, MongoRowBuilder(fixedColumns: nil), "aggregate on \(name)")
            }
        case .listIndexes(let name):
            return try withCollection(name) { collection in
                try startCursor(withOptions([:]) { mongoc_collection_find_indexes_with_opts(collection, $0) }, MongoRowBuilder(fixedColumns: nil), "listing the indexes of \(name)")
            }
        case .countDocuments(let name, let filter, let options):
            let count = try withCollection(name) { collection in
                var error = bson_error_t()
                let n = try BSONWriter.withBSON(filter) { f in
                    try withOptions(options) { o in mongoc_collection_count_documents(collection, f, o, nil, nil, &error) }
                }
                guard n >= 0 else { throw fail(error, "counting documents in \(name)") }
                return n
            }
            return (.rows(single(["count": .int(count)]), ExecutionSummary(rowsReturned: 1)), .returnToPool)
        case .estimatedCount(let name):
            let count = try withCollection(name) { collection in
                var error = bson_error_t()
                let n = mongoc_collection_estimated_document_count(collection, nil, nil, nil, &error)
                guard n >= 0 else { throw fail(error, "counting documents in \(name)") }
                return n
            }
            return (.rows(single(["count": .int(count)]), ExecutionSummary(rowsReturned: 1)), .returnToPool)
        case .distinct(let name, let field, let filter):
            let reply = try runCommand(["distinct": .text(name), "key": .text(field), "query": .document(filter)], "distinct on \(name)")
            guard case .array(let values)? = reply["values"] else { return (.rows([], ExecutionSummary()), .returnToPool) }
            let columns = Columns(names: [field])
            let rows = values.map { Row(columns: columns, values: [$0]) }
            return (.rows(rows, ExecutionSummary(rowsReturned: rows.count)), .returnToPool)
        case .runCommand(let document):
            let reply = try runCommand(document, "running \(document.first?.name ?? "a command")")
            return (.rows(single(reply), ExecutionSummary(rowsReturned: 1)), .returnToPool)
        case .listDatabases:
            let reply = try runCommand(["listDatabases": .int(1)], "listing databases", database: "admin")
            guard case .array(let entries)? = reply["databases"] else { return (.rows([], ExecutionSummary()), .returnToPool) }
            let documents = entries.compactMap { entry -> Document? in
                if case .document(let d) = entry { return d }
                return nil
            }
            let rows = MongoRowBuilder(fixedColumns: nil).rows(documents)
            return (.rows(rows, ExecutionSummary(rowsReturned: rows.count)), .returnToPool)
        case .listCollections:
            let names = try collectionNames()
            let columns = Columns(names: ["name"])
            let rows = names.map { Row(columns: columns, values: [.text($0)]) }
            return (.rows(rows, ExecutionSummary(rowsReturned: rows.count)), .returnToPool)
        case .use(let name):
            return (.rows(single(["database": .text(name)]), ExecutionSummary(rowsReturned: 1)), .returnToPool)
        default:
            return (try runWrite(operation), .returnToPool)
        }
    }

    func single(_ document: Document) -> [Row] {
        [Row(columns: Columns(names: document.names), values: document.map(\.value))]
    }

    /// Runs `body` with `options` as BSON, plus the session id when in a transaction.
    func withOptions<T>(_ options: Document, _ body: (OpaquePointer) throws -> T) throws -> T {
        try BSONWriter.withBSON(options) { opts in
            if let session {
                var error = bson_error_t()
                guard mongoc_client_session_append(session, opts, &error) else { throw fail(error, "joining the transaction") }
            }
            return try body(opts)
        }
    }

    /// Runs `body` with the collection handle for `name` in the current database: the client's
    /// kept one, or one made for `body` alone.
    func withCollection<T>(_ name: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        if let collections {
            guard let collection = collections.handle(on: client, database: database, name: name) else { throw notACollection(name) }
            return try body(collection)
        }
        guard let collection = MongoCollectionHandles.make(on: client, database: database, name: name) else { throw notACollection(name) }
        defer { mongoc_collection_destroy(collection) }
        return try body(collection)
    }

    private func notACollection(_ name: String) -> SwitchyardError {
        SwitchyardError(.invalidInput, "'\(name)' is not a collection name", backend: backend, statement: statement)
    }

    /// Reads the first batch so errors (a bad filter, an unreachable server) throw now.
    /// `what` is made only for an error: the text of a find per lookup cost an allocation.
    private func startCursor(
        _ cursor: OpaquePointer?, _ builder: MongoRowBuilder, _ what: @autoclosure () -> String
    ) throws -> (MongoOutcome, Ownership) {
        guard let cursor else { throw SwitchyardError(.database, "\(what()): libmongoc returned no cursor", backend: backend, statement: statement) }
        var error = bson_error_t()
        if mongoc_cursor_error(cursor, &error) {
            mongoc_cursor_destroy(cursor)
            throw fail(error, what())
        }
        // In a transaction the session keeps the client; the cursor only borrows it.
        let handle = MongoCursorHandle(cursor: cursor, client: client, pool: pool, returnsClient: session == nil)
        custody.handedToCursor = session == nil
        do {
            let first = try handle.next(MongoCursorStream.batchSize, as: builder)
            return (.cursor(handle, builder, first: first), .keptByCursor)
        } catch {
            throw error.attributed(to: backend, statement: statement)
        }
    }

    /// Runs a command document and returns the server's reply.
    func runCommand(_ document: Document, _ what: String, database: String? = nil) throws -> Document {
        var error = bson_error_t()
        let (ok, reply) = try MongoReply.with { reply in
            try BSONWriter.withBSON(document) { command in
                try withOptions([:]) { opts in
                    mongoc_client_command_with_opts(client, database ?? self.database, command, nil, opts, reply, &error)
                }
            }
        }
        guard ok else { throw fail(error, what) }
        return reply
    }

    func collectionNames() throws -> [String] {
        guard let db = mongoc_client_get_database(client, database) else { return [] }
        defer { mongoc_database_destroy(db) }
        var error = bson_error_t()
        guard let names = mongoc_database_get_collection_names_with_opts(db, nil, &error) else {
            throw fail(error, "listing collections")
        }
        defer { bson_strfreev(names) }
        var result: [String] = []
        var index = 0
        while let name = names[index] {
            result.append(String(cString: name))
            index += 1
        }
        return result.sorted()
    }
}
