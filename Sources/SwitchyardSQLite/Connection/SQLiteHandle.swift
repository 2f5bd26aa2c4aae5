import CSQLite

/// An open `sqlite3*` connection handle.
///
/// `@unchecked Sendable`, and why that is safe: the handle is opened with
/// `SQLITE_OPEN_NOMUTEX` (SQLite's multi-thread mode), in which SQLite does no
/// locking of its own for the connection and requires that no two threads use it
/// at the same time. Switchyard guarantees that instead: every `sqlite3_*` call on
/// the handle is made by whoever holds the connection, one call at a time — a job on
/// the connection's one ``ConnectionThread`` (open, prepare, writes, later batches,
/// close), or the task that checked a reader out of its pool, running a cached read
/// inline under ``SQLiteConnection/runInline(_:)`` while the thread has nothing of
/// the connection's to do. The pool's lock orders one holder's calls before the next's.
/// The single exception is ``interrupt()``, an atomic stop flag that the connection's
/// progress handler reads; ``SQLiteOperation`` calls it only while one of its jobs is
/// running, and the handle is only closed by a job on the connection thread once every
/// connection is back in its pool, so it cannot close underneath it.
final class SQLiteHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    /// The state of the connection's progress handler (installed here, on the thread that
    /// opened it): a stop request any thread may set, and the inline budget that only the
    /// connection's holder touches (``SQLiteConnection/runInline(_:)``).
    let progress: UnsafeMutablePointer<switchyard_sqlite3_budget>

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
        progress = .allocate(capacity: 1)
        progress.initialize(to: switchyard_sqlite3_budget())
        switchyard_sqlite3_progress_install(pointer, progress)
    }

    deinit { progress.deallocate() }

    /// From any thread, while a statement runs or is about to: stops it at the progress
    /// handler's next call (every 1,000 virtual-machine instructions). Not `sqlite3_interrupt`,
    /// which misses both ways: SQLite forgets it when it lands before the statement's first
    /// step, and keeps it, for whatever steps next, when it lands after the statement's last
    /// while another result is open on the connection. The stop request is withdrawn when the
    /// job ends (``clearStop()``).
    func interrupt() {
        switchyard_sqlite3_request_stop(progress)
    }

    /// Withdraws a stop request, before and after each job, so that it reaches no other.
    func clearStop() { switchyard_sqlite3_clear_stop(progress) }

    /// The last error's message, as SQLite words it.
    var errorMessage: String { String(cString: sqlite3_errmsg(pointer)) }

    /// The last error's extended result code.
    var extendedErrorCode: Int32 { sqlite3_extended_errcode(pointer) }

    /// Byte offset into the SQL text of the last error, or -1 when SQLite gave none.
    var errorOffset: Int32 { switchyard_sqlite3_error_offset(pointer) }
}
