import Switchyard

/// Runs work with a time limit without waiting for it when it hangs.
///
/// A task group would wait for a stuck child before returning, so the work runs in
/// an unstructured task and whichever finishes first — the work or the clock —
/// resumes the caller. A stuck task is cancelled and left behind: the point is to
/// report the hang instead of joining it.
enum Deadline {
    static func run<T: Sendable>(within limit: Duration, _ work: @escaping @Sendable () async -> T) async -> T? {
        let resumed = Locked(false)
        let worker = Locked<Task<Void, Never>?>(nil)
        @Sendable func claim() -> Bool {
            resumed.withLock { done in
                defer { done = true }
                return !done
            }
        }
        return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            let timer = Task {
                do { try await Task.sleep(for: limit) } catch { return }
                guard claim() else { return }
                worker.withLock { $0 }?.cancel()
                continuation.resume(returning: nil)
            }
            let task = Task {
                let value = await work()
                timer.cancel()
                if claim() { continuation.resume(returning: value) }
            }
            worker.withLock { $0 = task }
        }
    }
}
