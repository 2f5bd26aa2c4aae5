import Dispatch
import Foundation
import Switchyard

/// One thread, owned by the editor, that runs its blocking work in order: terminal reads and
/// history-file writes.
///
/// Blocking reads must never occupy Swift's cooperative pool (two threads on small machines), and
/// running history writes on the same thread keeps them ordered before the next read, so a history
/// entry added just before the process exits is already on disk.
final class EditorWorkerThread: Sendable {
    private enum Job: Sendable {
        case run(@Sendable () -> Void)
        case stop
    }

    private let jobs = Locked<[Job]>([])
    private let available = DispatchSemaphore(value: 0)

    init(name: String) {
        let thread = Thread { [jobs, available] in
            while true {
                available.wait()
                let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                switch job {
                case .run(let work)?: work()
                case .stop?: return
                case nil: continue
                }
            }
        }
        thread.name = name
        thread.start()
    }

    /// Runs `work` on the thread after everything submitted before it.
    func submit(_ work: @escaping @Sendable () -> Void) {
        enqueue(.run(work))
    }

    /// Runs `work` on the thread and returns its result to the waiting task without blocking the pool.
    func perform<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            submit { continuation.resume(returning: work()) }
        }
    }

    private func enqueue(_ job: Job) {
        jobs.withLock { $0.append(job) }
        available.signal()
    }

    deinit {
        // The thread holds only the queue, not this object, so it can be told to finish.
        enqueue(.stop)
    }
}
