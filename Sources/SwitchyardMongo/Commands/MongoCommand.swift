import Switchyard

/// One operation a `.mongo` statement asks for, in the adapter's internal form: what
/// the shell parser produces, what the entity store builds directly, and what the
/// command runner executes with libmongoc.
///
/// Values inside are ``Value``s (with `$N` placeholders until bound); they become BSON
/// only on a worker thread, right before the call.
indirect enum MongoCommand: Sendable, Hashable {
    case find(MongoFind)
    case aggregate(collection: String, pipeline: [Value], options: Document)
    case countDocuments(collection: String, filter: Document, options: Document)
    case estimatedCount(collection: String)
    case distinct(collection: String, field: String, filter: Document)
    case insert(collection: String, documents: [Document])
    case update(collection: String, filter: Document, update: Value, many: Bool, options: Document)
    case replace(collection: String, filter: Document, replacement: Document, options: Document)
    case delete(collection: String, filter: Document, many: Bool)
    case createIndex(collection: String, keys: Document, options: Document)
    case listIndexes(collection: String)
    case drop(collection: String)
    case createCollection(name: String, options: Document)
    case runCommand(Document)
    case listCollections
    case listDatabases
    case use(database: String)

    /// Whether it only reads: `find`, `aggregate` without `$out`/`$merge`, counts,
    /// `distinct`, listings. A `runCommand` is a write unless it is a known read command.
    var isRead: Bool {
        switch self {
        case .find, .countDocuments, .estimatedCount, .distinct, .listIndexes, .listCollections, .listDatabases, .use:
            return true
        case .aggregate(_, let pipeline, _):
            return !pipeline.contains { stage in
                guard case .document(let d) = stage else { return false }
                return d["$out"] != nil || d["$merge"] != nil
            }
        case .runCommand(let command):
            guard let name = command.first?.name.lowercased() else { return false }
            return MongoCommand.readCommands.contains(name)
        case .insert, .update, .replace, .delete, .createIndex, .drop, .createCollection:
            return false
        }
    }

    /// The statement kind guards and routers see.
    var kind: StatementKind {
        switch self {
        case .insert, .update, .replace, .delete: .write
        case .createIndex, .drop, .createCollection: .schema
        case .runCommand: isRead ? .read : .write
        case .aggregate: isRead ? .read : .write
        default: .read
        }
    }

    /// Commands `runCommand` may send in a read-only session.
    static let readCommands: Set<String> = [
        "ping", "hello", "ismaster", "buildinfo", "serverstatus", "dbstats", "collstats", "listcollections", "listindexes",
        "listdatabases", "count", "distinct", "find", "connectionstatus", "hostinfo", "getparameter", "explain", "dbhash",
        "validate", "getcmdlineopts", "getlog", "features", "whatsmyuri", "lockinfo", "top", "currentop",
    ]

    /// The collection it works on, when it works on one.
    var collection: String? {
        switch self {
        case .find(let find): find.collection
        case .aggregate(let c, _, _), .countDocuments(let c, _, _), .estimatedCount(let c), .distinct(let c, _, _),
            .insert(let c, _), .update(let c, _, _, _, _), .replace(let c, _, _, _), .delete(let c, _, _),
            .createIndex(let c, _, _), .listIndexes(let c), .drop(let c):
            c
        case .createCollection(let name, _): name
        case .runCommand, .listCollections, .listDatabases, .use: nil
        }
    }
}

/// A `find` with its cursor modifiers.
struct MongoFind: Sendable, Hashable {
    var collection: String
    var filter: Document = [:]
    var projection: Document?
    var sort: Document?
    var skip: Int64?
    var limit: Int64?
    var batchSize: Int64?
    var hint: Value?
    var maxTimeMS: Value?

    /// The options document `mongoc_collection_find_with_opts` takes.
    var options: Document {
        var options = Document()
        if let projection { options.append("projection", .document(projection)) }
        if let sort { options.append("sort", .document(sort)) }
        if let skip, skip > 0 { options.append("skip", .int(skip)) }
        if let limit, limit != 0 { options.append("limit", .int(limit)) }
        if let batchSize, batchSize > 0 { options.append("batchSize", .int(batchSize)) }
        if let hint { options.append("hint", hint) }
        if let maxTimeMS { options.append("maxTimeMS", maxTimeMS) }
        return options
    }
}

extension MongoCommand {
    /// The command with `maxTimeMS` set from ``QueryOptions/timeout`` where MongoDB takes
    /// one (find, aggregate, countDocuments), so the server stops the work itself.
    func limitingServerTime(to timeout: Duration) -> MongoCommand {
        let (seconds, attoseconds) = timeout.components
        let ms = Value.int(max(1, seconds * 1_000 + attoseconds / 1_000_000_000_000_000))
        switch self {
        case .find(var find):
            find.maxTimeMS = ms
            return .find(find)
        case .aggregate(let c, let pipeline, var options):
            options["maxTimeMS"] = ms
            return .aggregate(collection: c, pipeline: pipeline, options: options)
        case .countDocuments(let c, let filter, var options):
            options["maxTimeMS"] = ms
            return .countDocuments(collection: c, filter: filter, options: options)
        default:
            return self
        }
    }
}
