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
    /// Calls `body` with reply storage on the stack, reads the reply back, and frees it.
    static func with<T>(_ body: (OpaquePointer) throws -> T) throws -> (T, Document) {
        try BSONWriter.withBSONStorage { reply in
            // libmongoc initialises the reply whether its call succeeds or not; initialised here
            // too, so that `bson_destroy` is safe if `body` throws before calling it.
            bson_init(reply)
            defer { bson_destroy(reply) }
            let result = try body(reply)
            return (result, BSONReader().document(reply))
        }
    }
}

