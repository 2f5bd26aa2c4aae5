import CMongoC
import Switchyard

/// What running a command produced: an open cursor (streamed) or a few rows (a write
/// result, a count, a command reply).
enum MongoOutcome: Sendable {
    case cursor(MongoCursorHandle, MongoRowBuilder, first: [Row])
    case rows([Row], ExecutionSummary)
}

/// Scratch `bson_t` storage for libmongoc's `reply` out-parameters.
enum MongoReply {
    /// Calls `body` with uninitialised reply storage, reads the reply back, and frees it.
    static func with<T>(_ body: (OpaquePointer) throws -> T) throws -> (T, Document) {
        guard let reply = sy_bson_child_new() else { throw SwitchyardError(.database, "libbson could not allocate a reply") }
        defer {
            bson_destroy(reply)
            sy_bson_child_free(reply)
        }
        let result = try body(reply)
        return (result, BSONReader().document(reply))
    }
}

