import Switchyard
import Synchronization

/// Hands out a fixed set of connections one caller at a time; callers wait (in
/// arrival order) while all are checked out.
///
/// A SQLite backend has two: the readers (N connections) and the writer (one), so
/// writes queue behind each other while reads proceed in parallel. A waiting caller
/// whose task is cancelled leaves the queue with `.cancelled`, one whose request's deadline
/// passes with `.timeout`.
final class SQLiteConnectionPool: Sendable {
    private struct Waiter: Sendable {
        let id: UInt64
        let continuation: CheckedContinuation<SQLiteConnection, any Error>
    }

    private struct State: Sendable {
        var idle: [SQLiteConnection]
        var all: [SQLiteConnection]
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        /// Waits that ended (cancelled, timed out) before their waiter was queued, with the error it fails with.
        var endedWaits: [UInt64: SwitchyardError] = [:]
        var isClosed = false
        var drained: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>
    private let backendName: String

    init(_ connections: [SQLiteConnection], backendName: String) {
        state = Mutex(State(idle: connections.reversed(), all: connections))
        self.backendName = backendName
    }

    var connections: [SQLiteConnection] { state.withLock { $0.all } }
    /// Connections given back and not yet handed out again (for tests and diagnostics).
    var idleCount: Int { state.withLock { $0.idle.count } }

    /// A connection for the caller's exclusive use; give it back with ``release(_:)``. Waiting
    /// for one ends with `.timeout` at the request's ``QueryOptions/deadline`` (the error names
    /// its timeout). The options, not the deadline, are passed: an instant is a resilient type,
    /// which in an async frame is room taken from the task allocator on every call.
    nonisolated(nonsending) func acquire(for options: QueryOptions = QueryOptions()) async throws -> SQLiteConnection {
        enum FastPath { case connection(SQLiteConnection), closed, wait }
        let fast = state.withLock { state -> FastPath in
            if state.isClosed { return .closed }
            return state.idle.popLast().map(FastPath.connection) ?? .wait
        }
        switch fast {
        case .connection(let connection): return connection
        case .closed: throw shutDownError
        case .wait: break
        }
        return try await wait(for: options)
    }

    /// Waits in line for a connection: none is idle. Not inlined into `acquire`, whose frame would
    /// otherwise make room for the deadline and its timer on every call.
    @inline(never)
    nonisolated(nonsending) private func wait(for options: QueryOptions) async throws -> SQLiteConnection {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let timer = options.deadline.map { deadline in
            DeadlineTimer.shared.schedule(at: deadline) { [self] in
                endWait(id, with: timeoutError(options.timeout ?? max(.zero, deadline - .now)))
            }
        }
        defer {
            if let timer { DeadlineTimer.shared.cancel(timer) }
            // A wait ended after its connection came: nobody reads that entry.
            state.withLock { _ = $0.endedWaits.removeValue(forKey: id) }
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<SQLiteConnection, any Error>) in
                enum Outcome { case connection(SQLiteConnection), failure(SwitchyardError), queued }
                let outcome = state.withLock { state -> Outcome in
                    if let error = state.endedWaits.removeValue(forKey: id) { return .failure(error) }
                    if state.isClosed { return .failure(shutDownError) }
                    if let connection = state.idle.popLast() { return .connection(connection) }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return .queued
                }
                switch outcome {
                case .connection(let connection): continuation.resume(returning: connection)
                case .failure(let error): continuation.resume(throwing: error)
                case .queued: break
                }
            }
        } onCancel: {
            endWait(id, with: cancelledError)
        }
    }

    /// Fails waiter `id` with `error`: now if it is queued, or as soon as it queues.
    private func endWait(_ id: UInt64, with error: SwitchyardError) {
        let waiter = state.withLock { state -> Waiter? in
            if let index = state.waiters.firstIndex(where: { $0.id == id }) {
                return state.waiters.remove(at: index)
            }
            if state.endedWaits[id] == nil { state.endedWaits[id] = error }
            return nil
        }
        waiter?.continuation.resume(throwing: error)
    }

    /// Gives a connection back: to the longest waiter, or to the idle set.
    func release(_ connection: SQLiteConnection) {
        enum Next { case waiter(Waiter), drained([CheckedContinuation<Void, Never>]), none }
        let next = state.withLock { state -> Next in
            if !state.isClosed, !state.waiters.isEmpty {
                return .waiter(state.waiters.removeFirst())
            }
            state.idle.append(connection)
            if state.isClosed, state.idle.count == state.all.count {
                defer { state.drained.removeAll() }
                return .drained(state.drained)
            }
            return .none
        }
        switch next {
        case .waiter(let waiter): waiter.continuation.resume(returning: connection)
        case .drained(let continuations): for continuation in continuations { continuation.resume() }
        case .none: break
        }
    }

    /// Refuses new callers, fails waiting ones, and returns every connection once all
    /// have been given back.
    func close() async -> [SQLiteConnection] {
        let waiters = state.withLock { state -> [Waiter] in
            state.isClosed = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume(throwing: shutDownError) }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.idle.count == state.all.count { return true }
                state.drained.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
        return state.withLock { $0.all }
    }

    private var shutDownError: SwitchyardError {
        SwitchyardError(.connection, "backend is shut down", backend: backendName)
    }

    private func timeoutError(_ limit: Duration) -> SwitchyardError {
        SwitchyardError(
            .timeout, "no connection became free within the request's timeout of \(limit)", backend: backendName,
            hint: "another statement or transaction holds every connection (the writer is one); raise the timeout or end it sooner")
    }

    private var cancelledError: SwitchyardError {
        SwitchyardError(.cancelled, "cancelled while waiting for a connection", backend: backendName)
    }
}
