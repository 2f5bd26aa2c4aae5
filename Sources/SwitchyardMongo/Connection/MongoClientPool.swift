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
    private let checkedOut = Locked(0)

    /// Opens a pool for `uri` (already parsed; this takes ownership of it).
    init(uri: OpaquePointer, appName: String) throws {
        var error = bson_error_t()
        guard let pool = mongoc_client_pool_new_with_error(uri, &error) else {
            mongoc_uri_destroy(uri)
            throw SwitchyardError(.invalidInput, "libmongoc refused the connection settings: \(MongoErrorMapping.message(error))")
        }
        self.pool = pool
        self.uri = uri
        mongoc_client_pool_set_error_api(pool, Int32(MONGOC_ERROR_API_VERSION_2))
        _ = mongoc_client_pool_set_appname(pool, appName)
    }

    /// The database named in the URI, if any.
    var databaseName: String? {
        mongoc_uri_get_database(uri).map { String(cString: $0) }
    }

    /// A client for this thread's exclusive use; blocks while all are out (libmongoc's
    /// `maxPoolSize`, 100 unless the URI says otherwise). Call only on a worker thread.
    func pop() -> OpaquePointer {
        checkedOut.withLock { $0 += 1 }
        return mongoc_client_pool_pop(pool)
    }

    func push(_ client: OpaquePointer) {
        mongoc_client_pool_push(pool, client)
        checkedOut.withLock { $0 -= 1 }
    }

    /// Clients popped and not yet pushed back.
    var outstanding: Int { checkedOut.value }

    /// Frees the pool; only once every client is back.
    func destroy() {
        mongoc_client_pool_destroy(pool)
        mongoc_uri_destroy(uri)
    }
}
