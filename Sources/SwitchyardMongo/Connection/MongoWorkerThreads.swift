import Dispatch
import Foundation
import Switchyard

/// A few OS threads the adapter owns, sharing one job queue: every blocking libmongoc
/// call runs here, never on Swift's cooperative pool (two threads on these machines).
///
/// Any worker may take any job. A job that needs a server pops a client from the
/// ``MongoClientPool`` and pushes it back when done, so workers never share a
/// `mongoc_client_t`; a streaming cursor keeps its client across jobs, and its jobs
/// never overlap because the cursor serialises them (see ``MongoCursorStream``).
///
/// The workers are also a `TaskExecutor`. A task that prefers them (a session's body, see
/// ``MongoBackend/withSession(_:)``) runs its Swift code on a worker, and then ``run(_:)``
/// calls libmongoc directly instead of queueing a job and waiting for another thread.
final class MongoWorkerThreads: OwnThreadsExecutor, Sendable {
    typealias Job = @Sendable () -> Void

    private struct Queue: Sendable {
        var jobs: [Job] = []
        var head = 0
        var isStopping = false
        var running = 0
    }

    private let queue = Locked(Queue())
    /// The workers' `pthread_self()` values, each added by its thread before it runs a job.
    private let threadIDs = Locked<[UInt]>([])
    private let available = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)
    let count: Int

    init(count: Int, name: String) {
        self.count = max(1, count)
        for index in 0..<self.count {
            let thread = Thread { [self] in
                threadIDs.withLock { $0.append(Self.currentThreadID) }
                runLoop()
                exited.signal()
            }
            thread.name = "\(name)-\(index)"
            thread.stackSize = 4 << 20
            thread.start()
        }
    }

    /// Queues `job`; returns false (and drops it) once the workers are stopping.
    @discardableResult
    func submit(_ job: @escaping Job) -> Bool {
        let accepted = queue.withLock { state -> Bool in
            guard !state.isStopping else { return false }
            state.jobs.append(job)
            return true
        }
        if accepted { available.signal() }
        return accepted
    }

    /// Whether the caller is running on one of the workers.
    var isCurrent: Bool {
        let id = Self.currentThreadID
        return threadIDs.withLock { $0.contains(id) }
    }

    /// Lets queued jobs finish, then ends every worker; returns once all have exited.
    func stop() async {
        let first = queue.withLock { state -> Bool in
            defer { state.isStopping = true }
            return !state.isStopping
        }
        guard first else { return }
        for _ in 0..<count { available.signal() }
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            DispatchQueue.global().async { [self] in
                for _ in 0..<count { exited.wait() }
                continuation.resume()
            }
        }
    }

    private func runLoop() {
        while true {
            available.wait()
            let next = queue.withLock { state -> (job: Job?, stop: Bool) in
                guard state.head < state.jobs.count else { return (nil, state.isStopping) }
                let job = state.jobs[state.head]
                state.head += 1
                if state.head == state.jobs.count {
                    state.jobs.removeAll(keepingCapacity: true)
                    state.head = 0
                }
                return (job, false)
            }
            if let job = next.job {
                job()
            } else if next.stop {
                return
            }
        }
    }
}
