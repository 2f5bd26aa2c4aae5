extension MongoCommand {
    /// The operation's name as an allow-list names it: `find`, `aggregate`, `count`,
    /// `distinct`, `insert`, `update`, `replace`, `delete`, `createIndex`, `listIndexes`,
    /// `drop`, `createCollection`, `runCommand`, `listCollections`, `listDatabases`, `use`.
    /// `insertOne` and `insertMany` are both `insert`, and so on.
    var operationName: String {
        switch self {
        case .find: "find"
        case .aggregate: "aggregate"
        case .countDocuments, .estimatedCount: "count"
        case .distinct: "distinct"
        case .insert: "insert"
        case .update: "update"
        case .replace: "replace"
        case .delete: "delete"
        case .createIndex: "createIndex"
        case .listIndexes: "listIndexes"
        case .drop: "drop"
        case .createCollection: "createCollection"
        case .runCommand: "runCommand"
        case .listCollections: "listCollections"
        case .listDatabases: "listDatabases"
        case .use: "use"
        }
    }
}
