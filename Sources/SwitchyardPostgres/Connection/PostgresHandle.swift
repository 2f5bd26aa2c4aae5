import CLibPQ

/// A libpq connection handle (`PGconn *`).
///
/// `@unchecked Sendable`, and why that is safe: libpq connections are not thread-safe,
/// but every call on this handle is made from the owning connection's thread (see
/// ``ConnectionThread``), one job at a time; other threads only pass the
/// reference along to such jobs. Cancelling from another thread goes through a
/// separate `PGcancel` object, which libpq makes safe for that (``PostgresCancelHandle``).
final class PostgresHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }
}

/// libpq's `PGcancel *`: what `PQcancel` needs to ask the server to stop the running
/// statement from any thread.
///
/// `@unchecked Sendable` because libpq documents `PQcancel` as safe to call from any
/// thread (even a signal handler) on a `PGcancel` made by `PQgetCancel`; it is freed
/// only by ``PostgresOperations/close()``, after every cancel request has finished.
final class PostgresCancelHandle: @unchecked Sendable {
    let pointer: OpaquePointer?

    init(_ pointer: OpaquePointer?) { self.pointer = pointer }

    /// Sends the cancel request and waits until the server has processed it (a
    /// short blocking network call: never on the cooperative pool).
    func cancel() {
        guard let pointer else { return }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(pointer, &buffer, Int32(buffer.count))
    }

    func free() {
        if let pointer { PQfreeCancel(pointer) }
    }
}
