import CMongoC
import Switchyard

/// libmongoc's client pool for one URI, plus a count of the clients out of it.
///
/// Thread safety: `mongoc_client_pool_t` is documented thread-safe — pop and push may
/// be called from any thread at once — while each `mongoc_client_t` it hands out is
/// not, so a client belongs to one job (or one cursor) at a time, between its pop and
/// its push. The pool and URI pointers never change after `init`, and `destroy()` runs
/// once, after every client is back (``outstanding`` reaches zero), which is why this
/// class may be `@unchecked Sendable`.
final class MongoClientPool: @unchecked Sendable {
    private let pool: OpaquePointer
    private let uri: OpaquePointer
    private let state = Locked(State())
    /// Whether clients keep their collection handles between pops. Not when the URI sets
    /// `minPoolSize`: libmongoc then destroys clients pushed past that many, and a new client
    /// at a destroyed one's address would find its handles.
    private let keepsHandles: Bool

    private struct State: Sendable {
        /// Clients popped and not yet pushed back.
        var checkedOut = 0
        /// Each client's collection handles, by the client's address.
        var handles: [Int: MongoCollectionHandles] = [:]
    }

    /// Opens a pool for `uri` (already parsed; this takes ownership of it).
    init(uri: OpaquePointer, appName: String) throws {
        var error = bson_error_t()
        guard let pool = mongoc_client_pool_new_with_error(uri, &error) else {
            mongoc_uri_destroy(uri)
            throw SwitchyardError(.invalidInput, "libmongoc refused the connection settings: \(MongoErrorMapping.message(error))")
        }
        self.pool = pool
        self.uri = uri
        keepsHandles = mongoc_uri_get_option_as_int32(uri, MONGOC_URI_MINPOOLSIZE, 0) == 0
        mongoc_client_pool_set_error_api(pool, Int32(MONGOC_ERROR_API_VERSION_2))
        _ = mongoc_client_pool_set_appname(pool, appName)
    }

    /// The database named in the URI, if any.
    var databaseName: String? {
        mongoc_uri_get_database(uri).map { String(cString: $0) }
    }

    /// A client for this thread's exclusive use, with its collection handles (`nil` when
    /// clients keep none); blocks while all are out (libmongoc's `maxPoolSize`, 100 unless
    /// the URI says otherwise). Call only on a worker thread.
    func pop() -> (client: OpaquePointer, collections: MongoCollectionHandles?) {
        state.withLock { $0.checkedOut += 1 }
        let client: OpaquePointer = mongoc_client_pool_pop(pool)
        guard keepsHandles else { return (client, nil) }
        let collections = state.withLock { state in
            if let known = state.handles[Int(bitPattern: client)] { return known }
            let made = MongoCollectionHandles()
            state.handles[Int(bitPattern: client)] = made
            return made
        }
        return (client, collections)
    }

    func push(_ client: OpaquePointer) {
        mongoc_client_pool_push(pool, client)
        state.withLock { $0.checkedOut -= 1 }
    }

    /// Clients popped and not yet pushed back.
    var outstanding: Int { state.withLock { $0.checkedOut } }

    /// Frees the pool and the clients' collection handles; only once every client is back.
    func destroy() {
        for handles in state.withLock({ $0.handles.values }) { handles.destroyAll() }
        mongoc_client_pool_destroy(pool)
        mongoc_uri_destroy(uri)
    }
}
