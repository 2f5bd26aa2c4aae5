import Dispatch
@testable import Switchyard
import Testing

/// A call whose caller gave up waiting (`runAbandoningOnCancel`: a deadline, Ctrl-C) may
/// block its worker for minutes — libmongoc waiting for a server that stopped answering.
/// Callers without a deadline must not queue behind it: the workers start a replacement,
/// never more than one per abandoned call, and shrink back once the call ends.
@Suite(.timeLimit(.minutes(1)))
struct WorkerThreadsAbandonTests {
    /// A call that blocks its worker until released, and says when it has started.
    private final class BlockedCall: Sendable {
        private let release = DispatchSemaphore(value: 0)
        let started = Locked(false)

        func body() -> Int {
            started.withLock { $0 = true }
            release.wait()
            return 1
        }

        func finish() { release.signal() }
    }

    /// Starts `call` on `workers` in a task, waits until it runs, then cancels the task.
    private func abandon(_ call: BlockedCall, on workers: WorkerThreads) async throws {
        let task = Task { try await workers.runAbandoningOnCancel({ call.body() }, discard: { _ in }) }
        #expect(await eventually { call.started.value })
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func aCallWithoutADeadlineDoesNotQueueBehindAnAbandonedOne() async throws {
        let workers = WorkerThreads(count: 1, name: "abandon test")
        let blocked = BlockedCall()
        try await abandon(blocked, on: workers)

        let answered = Locked(false)
        let next = Task { try await workers.run { answered.withLock { $0 = true } } }
        #expect(await eventually { answered.value }, "the call queued behind the abandoned one")
        blocked.finish()
        try await next.value
        await workers.stop()
    }

    @Test func replacementsAreOnePerAbandonedCallAndExitWhenItEnds() async throws {
        let workers = WorkerThreads(count: 2, name: "bounded test")
        let calls = [BlockedCall(), BlockedCall(), BlockedCall()]
        for call in calls { try await abandon(call, on: workers) }
        #expect(workers.runningCount == 5)
        #expect(try await workers.run { 7 } == 7)

        for call in calls { call.finish() }
        #expect(await eventually { workers.runningCount == 2 }, "\(workers.runningCount) workers still running")
        #expect(try await workers.run { 8 } == 8)
        await workers.stop()
    }

    @Test func aCallCancelledBeforeItStartsNeverRuns() async throws {
        let workers = WorkerThreads(count: 1, name: "never test")
        let occupying = BlockedCall()
        // A plain job, not abandonable: the only worker stays busy with it.
        workers.submit { _ = occupying.body() }
        #expect(await eventually { occupying.started.value })

        let ran = Locked(false)
        let task = Task { try await workers.runAbandoningOnCancel({ ran.withLock { $0 = true } }, discard: { _ in }) }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(workers.runningCount == 1)
        occupying.finish()
        await workers.stop()
        #expect(!ran.value)
    }

    /// Whether `condition` holds within `limit`, checked every 10 ms.
    private func eventually(within limit: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while !condition() {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }
}
