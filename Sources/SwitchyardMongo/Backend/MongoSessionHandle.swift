import CMongoC
import Foundation
import Switchyard

/// A client popped for one transaction and its `mongoc_client_session_t`.
///
/// Thread safety: every use runs on a worker thread while holding `lock`, so the
/// client and session (neither thread-safe) are never used by two jobs at once; the
/// client stays out of the pool until ``end()``. Hence `@unchecked Sendable`.
final class MongoSessionHandle: @unchecked Sendable {
    let lock = NSLock()
    let client: OpaquePointer
    /// The client's kept collection handles, if it keeps them.
    let collections: MongoCollectionHandles?
    private(set) var session: OpaquePointer?
    private let pool: MongoClientPool

    /// Pops a client, starts a session and a transaction on it. Worker thread only.
    init(pool: MongoClientPool, backend: String) throws {
        self.pool = pool
        (client, collections) = pool.pop()
        var error = bson_error_t()
        guard let session = mongoc_client_start_session(client, nil, &error) else {
            pool.push(client)
            throw MongoErrorMapping.error(error, doing: "starting a session", backend: backend, statement: nil)
        }
        guard mongoc_client_session_start_transaction(session, nil, &error) else {
            mongoc_client_session_destroy(session)
            pool.push(client)
            throw MongoErrorMapping.error(error, doing: "starting a transaction", backend: backend, statement: nil)
        }
        self.session = session
    }

    /// Commits; on failure the transaction is aborted by the server. Worker thread only.
    func commit(backend: String) throws {
        lock.lock()
        defer { lock.unlock() }
        guard let session else { return }
        var error = bson_error_t()
        let (ok, _) = try MongoReply.with { reply in mongoc_client_session_commit_transaction(session, reply, &error) }
        guard ok else { throw MongoErrorMapping.error(error, doing: "committing the transaction", backend: backend, statement: nil) }
    }

    /// Aborts (ignoring errors: the server also aborts when the session ends), ends the
    /// session and returns the client. Safe after ``commit(backend:)``. Worker thread only.
    func end(abort: Bool) {
        lock.lock()
        defer { lock.unlock() }
        guard let session else { return }
        if abort, mongoc_client_session_in_transaction(session) {
            var error = bson_error_t()
            _ = mongoc_client_session_abort_transaction(session, &error)
        }
        mongoc_client_session_destroy(session)
        self.session = nil
        pool.push(client)
    }
}
