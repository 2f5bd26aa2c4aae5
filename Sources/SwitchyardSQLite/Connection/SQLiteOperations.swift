import CSQLite
import Switchyard

/// The statements in flight on one connection, and the one place that may call
/// `sqlite3_interrupt` on it.
///
/// `sqlite3_interrupt` stops *every* statement running on a connection, and a stale
/// interrupt would hit whoever uses the connection next. So an interrupt is
/// addressed to an operation: it only reaches SQLite while that operation is open
/// and one of its jobs is running on the connection thread. Otherwise the reason is
/// recorded and the operation's next job fails before it steps.
final class SQLiteOperations: Sendable {
    private struct Operation: Sendable {
        var interruption: SQLiteInterruption?
        var isRunning = false
        var timer: Task<Void, Never>?
    }

    private struct State: Sendable {
        var nextID: UInt64 = 0
        var open: [UInt64: Operation] = [:]
        var isClosed = false
    }

    private let handle: SQLiteHandle
    private let state = Locked(State())

    init(handle: SQLiteHandle) { self.handle = handle }

    /// Registers a new operation; with a `timeout`, interrupts it when that runs out.
    func begin(timeout: Duration?) -> UInt64 {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            state.open[state.nextID] = Operation()
            return state.nextID
        }
        if let timeout {
            let timer = Task { [weak self] in
                try? await Task.sleep(for: timeout)
                guard !Task.isCancelled else { return }
                self?.interrupt(id, because: .timeout(timeout))
            }
            let kept = state.withLock { state -> Bool in
                guard state.open[id] != nil else { return false }
                state.open[id]?.timer = timer
                return true
            }
            if !kept { timer.cancel() }
        }
        return id
    }

    /// Forgets `id` and stops its timer. Called on the connection thread once its statement is reset.
    func end(_ id: UInt64) {
        let timer = state.withLock { $0.open.removeValue(forKey: id)?.timer }
        timer?.cancel()
    }

    /// Stops operation `id`: interrupts SQLite if one of its jobs is running, and makes
    /// its next job fail otherwise. The first reason given wins.
    func interrupt(_ id: UInt64, because reason: SQLiteInterruption) {
        state.withLock { state in
            guard !state.isClosed, var operation = state.open[id], operation.interruption == nil else { return }
            operation.interruption = reason
            state.open[id] = operation
            if operation.isRunning { sqlite3_interrupt(handle.pointer) }
        }
    }

    /// Marks a job of `id` as running; returns why it must not run, if it was interrupted.
    func startJob(_ id: UInt64) -> SQLiteInterruption? {
        state.withLock { state in
            state.open[id]?.isRunning = true
            return state.open[id]?.interruption
        }
    }

    func finishJob(_ id: UInt64) {
        state.withLock { $0.open[id]?.isRunning = false }
    }

    /// Why `id` was interrupted, if it was: turns SQLite's `SQLITE_INTERRUPT` into the right error.
    func interruption(of id: UInt64) -> SQLiteInterruption? {
        state.withLock { $0.open[id]?.interruption }
    }

    /// Refuses further interrupts; called (on the connection thread) just before the handle closes.
    func close() {
        let timers = state.withLock { state -> [Task<Void, Never>] in
            state.isClosed = true
            defer { state.open.removeAll() }
            return state.open.values.compactMap(\.timer)
        }
        for timer in timers { timer.cancel() }
    }
}
