#if canImport(Glibc)
import CLibPQ
import Foundation
import Glibc
import Synchronization

/// One thread, for the whole process, that waits for PostgreSQL sockets to become
/// readable and resumes the tasks waiting on them (`epoll`, one-shot registrations).
///
/// A statement started directly by the calling task (see
/// ``PostgresCursor/sendDirect(bindings:checkStale:)``) is sent and read on that task's
/// thread with libpq's non-blocking calls; only the wait for the server's reply happens
/// here. A request then costs one thread wake-up beyond raw libpq's (this thread resuming
/// the task) instead of two (the task waking the connection's thread, which wakes the
/// task when the reply has been read).
final class PostgresSocketPoller: Sendable {
    /// The process's poller; `nil` when `epoll` is unavailable (requests then run on their
    /// connection's thread).
    static let shared: PostgresSocketPoller? = PostgresSocketPoller()

    private let epoll: Int32
    /// Each resumed exactly once, by whoever removes it from here (unchecked continuations:
    /// a checked one is an allocation more per request).
    private let waiters = Mutex<[Int32: UnsafeContinuation<Bool, Never>]>([:])

    private init?() {
        let descriptor = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        epoll = descriptor
        let thread = Thread { [self] in run() }
        thread.name = "postgres poller"
        thread.start()
    }

    /// Suspends until `socket` has input (or was closed or failed): `true`; `false` when it
    /// could not be watched, and the caller must wait some other way.
    ///
    /// One waiter per socket at a time: the connection's holder.
    func readable(_ socket: Int32) async -> Bool {
        await withUnsafeContinuation { continuation in
            // Registered first: the reply may be here before `epoll_ctl` returns.
            waiters.withLock { $0[socket] = continuation }
            var event = epoll_event()
            event.events = EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLONESHOT.rawValue
            event.data.fd = socket
            // A socket watched before is re-armed; a new one (or a reused number, the old
            // socket closed and so dropped from the set) is added.
            var watched = epoll_ctl(epoll, EPOLL_CTL_MOD, socket, &event) == 0
            if !watched, errno == ENOENT { watched = epoll_ctl(epoll, EPOLL_CTL_ADD, socket, &event) == 0 }
            if !watched, let waiter = waiters.withLock({ $0.removeValue(forKey: socket) }) {
                waiter.resume(returning: false)
            }
        }
    }

    private func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 64)
        while true {
            let count = epoll_wait(epoll, &events, Int32(events.count), -1)
            guard count > 0 else { continue }  // EINTR
            for event in events.prefix(Int(count)) {
                let socket = event.data.fd
                waiters.withLock { $0.removeValue(forKey: socket) }?.resume(returning: true)
            }
        }
    }
}
#endif
