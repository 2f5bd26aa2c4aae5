import CMongoC

/// The collection handles made on one client, kept with it while it goes in and out of the
/// pool.
///
/// Making a `mongoc_collection_t` copies the client's read preference, read concern and
/// write concern and prints the collection's namespace; destroying it frees them again — with
/// a handle per command that was ≈ 3,000 instructions of a point lookup, which raw C pays
/// once. A handle keeps no state between commands (a cursor copies what it needs), so one
/// per collection serves every command on its client.
///
/// Thread safety: a client is used by one job at a time (it is popped from the pool, or
/// held under its transaction's lock), and so are its handles. Hence `@unchecked Sendable`.
final class MongoCollectionHandles: @unchecked Sendable {
    private struct Entry {
        let database: String
        let name: String
        let handle: OpaquePointer
    }

    /// Handles kept per client; past this the oldest is destroyed.
    static let limit = 16

    private var entries: [Entry] = []

    /// How many handles are kept.
    var count: Int { entries.count }

    /// The handle of collection `name` in `database` on `client` (the client these handles
    /// belong to), made the first time it is asked for; `nil` if libmongoc refuses the name.
    func handle(on client: OpaquePointer, database: String, name: String) -> OpaquePointer? {
        for entry in entries where entry.name == name && entry.database == database { return entry.handle }
        guard let made = Self.make(on: client, database: database, name: name) else { return nil }
        if entries.count == Self.limit { mongoc_collection_destroy(entries.removeFirst().handle) }
        entries.append(Entry(database: database, name: name, handle: made))
        return made
    }

    /// A new handle of collection `name` in `database` on `client`, for the caller to destroy;
    /// `nil` if libmongoc refuses the name.
    static func make(on client: OpaquePointer, database: String, name: String) -> OpaquePointer? {
        // `withCString`, not the implicit conversion: that copies a small string into a new array.
        database.withCString { database in name.withCString { mongoc_client_get_collection(client, database, $0) } }
    }

    /// Destroys every handle, before their client is.
    func destroyAll() {
        for entry in entries { mongoc_collection_destroy(entry.handle) }
        entries = []
    }
}
