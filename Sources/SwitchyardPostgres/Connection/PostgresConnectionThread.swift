import Dispatch
import Foundation
import Switchyard

/// One dedicated OS thread with a job queue: every libpq call of one connection runs
/// here, in submission order.
///
/// libpq's calls block on the network (`PQgetResult` waits for the server). Running
/// them on Swift's cooperative pool — two threads on the machines this runs on —
/// would stall every other task, so each connection gets a thread of its own and
/// callers await a continuation instead (as the SQLite adapter does).
final class PostgresConnectionThread: Sendable {
    typealias Job = @Sendable () -> Void

    private struct Queue: Sendable {
        var jobs: [Job] = []
        var head = 0
        var stopping = false
    }

    private let queue = Locked(Queue())
    /// Signalled once per job and once for the stop request.
    private let wakeup = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)

    init(name: String) {
        let thread = Thread { [queue, wakeup, exited] in
            PostgresConnectionThread.runLoop(queue: queue, wakeup: wakeup)
            exited.signal()
        }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    private static func runLoop(queue: Locked<Queue>, wakeup: DispatchSemaphore) {
        while true {
            wakeup.wait()
            let job: Job? = queue.withLock { state in
                guard state.head < state.jobs.count else { return nil }
                let job = state.jobs[state.head]
                state.head += 1
                if state.head == state.jobs.count {
                    state.jobs.removeAll(keepingCapacity: true)
                    state.head = 0
                }
                return job
            }
            guard let job else { return }  // woken with nothing queued: the stop request
            job()
        }
    }

    /// Queues `job`; returns false (and drops it) once the thread is stopping.
    @discardableResult
    func submit(_ job: @escaping Job) -> Bool {
        let accepted = queue.withLock { state -> Bool in
            guard !state.stopping else { return false }
            state.jobs.append(job)
            return true
        }
        if accepted { wakeup.signal() }
        return accepted
    }

    /// Runs `body` on the thread and returns its result to the awaiting task.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<T, any Error>) in
            let accepted = submit { continuation.resume(with: Result(catching: body)) }
            if !accepted {
                continuation.resume(throwing: SwitchyardError(.connection, "backend is shut down"))
            }
        }
    }

    /// Lets queued jobs finish, then ends the thread; returns once it has exited.
    func stop() async {
        let first = queue.withLock { state -> Bool in
            defer { state.stopping = true }
            return !state.stopping
        }
        guard first else { return }
        wakeup.signal()
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            DispatchQueue.global().async { [exited] in
                exited.wait()
                continuation.resume()
            }
        }
    }
}
