import CMongoC

/// New ObjectIds from libbson (process-unique counter, timestamp, random bytes).
enum MongoObjectID {
    /// A fresh ObjectId's 24 hex digits.
    static func generate() -> String {
        MongoRuntime.ensureInitialized()
        var oid = bson_oid_t()
        bson_oid_init(&oid, nil)
        var buffer = [CChar](repeating: 0, count: 25)
        bson_oid_to_string(&oid, &buffer)
        return String(cBuffer: buffer)
    }
}
