import CMongoC
import Switchyard
import Synchronization

/// An open `mongoc_cursor_t` with the client it came from, read on worker threads.
///
/// Thread safety: the cursor and its client are used by one job at a time — every
/// use holds `lock`, and the client stays out of the pool (no one else can pop it)
/// until ``close()`` pushes it back — so the handle may move between worker threads,
/// which is why it is `@unchecked Sendable`. libmongoc allows a client to be used from
/// different threads as long as the uses do not overlap.
final class MongoCursorHandle: @unchecked Sendable {
    /// Held by every use. A `Mutex` lives in the handle; an `NSLock` was one more object (and a
    /// mutex initialised and destroyed) per lookup.
    private let lock = Mutex<Void>(())
    private var cursor: OpaquePointer?
    private var client: OpaquePointer?
    private let pool: MongoClientPool
    private let reader = BSONReader()
    /// Whether a batch was read: the first is often a lookup's one document, and room for a
    /// whole batch of rows was a large allocation per lookup; later ones are sized in full.
    private var hasReadABatch = false
    /// False in a transaction, where the session owns the client.
    private let returnsClient: Bool

    init(cursor: OpaquePointer, client: OpaquePointer, pool: MongoClientPool, returnsClient: Bool = true) {
        self.cursor = cursor
        self.client = client
        self.pool = pool
        self.returnsClient = returnsClient
    }

    /// The rows of up to `limit` more documents, made by `builder`; none once the cursor is
    /// exhausted (and closed). Call only on a worker thread.
    func next(_ limit: Int, as builder: MongoRowBuilder) throws(SwitchyardError) -> [Row] {
        try lock.withLock { _ throws(SwitchyardError) -> [Row] in try nextLocked(limit, as: builder) }
    }

    private func nextLocked(_ limit: Int, as builder: MongoRowBuilder) throws(SwitchyardError) -> [Row] {
        guard let cursor else { return [] }
        var exhausted = false
        let reserving = hasReadABatch ? limit : 16
        hasReadABatch = true
        let rows = builder.rows(limit: limit, reservingRows: reserving, reader: reader) {
            var pointer: OpaquePointer?
            guard mongoc_cursor_next(cursor, &pointer), let bson = pointer else {
                exhausted = true
                return nil
            }
            return bson
        }
        if exhausted {
            var error = bson_error_t()
            let failed = mongoc_cursor_error(cursor, &error)
            closeLocked()
            if failed { throw MongoErrorMapping.error(error, doing: "reading the cursor", backend: nil, statement: nil) }
        }
        return rows
    }

    /// Destroys the cursor (killing it on the server) and returns the client. Worker thread only.
    func close() {
        lock.withLock { _ in closeLocked() }
    }

    var isOpen: Bool {
        lock.withLock { _ in cursor != nil }
    }

    private func closeLocked() {
        if let cursor { mongoc_cursor_destroy(cursor) }
        if let client, returnsClient { pool.push(client) }
        cursor = nil
        client = nil
    }
}
