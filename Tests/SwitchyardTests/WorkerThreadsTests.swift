import Foundation
import Switchyard
import Testing

/// The threads adapters run their C libraries' blocking calls on: `ConnectionThread` (one
/// thread, calls in order) and `WorkerThreads` (several sharing a queue). Both watch their
/// queue after a job instead of sleeping at once; what they must keep whatever the timing:
/// every job runs, in order on one thread, at once on several, and none after the stop.
@Suite struct WorkerThreadsTests {
    @Test func aConnectionThreadRunsJobsOneAtATimeInOrderOnItsThread() async throws {
        let thread = ConnectionThread(name: "order test")
        let seen = Locked<[Int]>([])
        let offThread = Locked(0)
        for index in 0..<2_000 {
            thread.submit {
                if !thread.isCurrent { offThread.withLock { $0 += 1 } }
                seen.withLock { $0.append(index) }
            }
            // Some submissions land while the thread watches, some after it slept.
            if index % 97 == 0 { try await Task.sleep(for: .milliseconds(1)) }
        }
        await thread.stop()
        #expect(seen.value == Array(0..<2_000))
        #expect(offThread.value == 0)
        #expect(!thread.isCurrent)
    }

    /// Right after a job a worker watches the queue; jobs sent together then must still wake
    /// the sleeping workers, or these, which wait for one another, never finish. Whether a
    /// job arrives before the watcher takes the first is a race, hence many rounds: a queue
    /// that woke nobody while a worker watched failed this in every run tried.
    @Test func jobsSentWhileAWorkerWatchesRunAtOnce() async throws {
        let workers = WorkerThreads(count: 4, name: "together test")
        var rounds = 0
        var roundsAllMet = 0
        // Rounds start for at most this long; each may take its own wait below.
        let lastStart = ContinuousClock.now + .seconds(10)
        while rounds < 1_000, ContinuousClock.now < lastStart {
            // The worker that ran this watches for the next job once it is done.
            try await workers.run {}
            let allMet = await withCheckedContinuation { (done: CheckedContinuation<Bool, Never>) in
                let meeting = Meeting(of: 4, waitingAtMost: 20)
                for _ in 0..<4 {
                    workers.submit { meeting.arriveAndWait { done.resume(returning: $0) } }
                }
            }
            rounds += 1
            guard allMet else { break }
            roundsAllMet += 1
        }
        await workers.stop()
        #expect(rounds > 0)
        #expect(roundsAllMet == rounds)
    }

    /// Jobs that wait, blocked rather than spinning (a loaded machine then still runs the
    /// others), until all have arrived or the time is up.
    private final class Meeting: @unchecked Sendable {
        private let condition = NSCondition()
        private let expected: Int
        private let deadline: Date
        private var arrived = 0
        private var left = 0
        private var reported = false

        init(of expected: Int, waitingAtMost seconds: TimeInterval) {
            self.expected = expected
            deadline = Date(timeIntervalSinceNow: seconds)
        }

        /// Waits for the others, then calls `done` once in all: `true` from the last to leave
        /// when all arrived, `false` from the first to give up when one did not.
        func arriveAndWait(_ done: (Bool) -> Void) {
            condition.lock()
            arrived += 1
            condition.broadcast()
            while arrived < expected, condition.wait(until: deadline) {}
            left += 1
            let report: Bool? = reported ? nil : arrived < expected ? false : left == expected ? true : nil
            if report != nil { reported = true }
            condition.unlock()
            if let report { done(report) }
        }
    }

    @Test func everyJobFromManySubmittersRuns() async throws {
        let workers = WorkerThreads(count: 2, name: "many test")
        let ran = Locked(0)
        await withTaskGroup(of: Void.self) { group in
            for submitter in 0..<4 {
                group.addTask {
                    for index in 0..<2_000 {
                        workers.submit { ran.withLock { $0 += 1 } }
                        // Pauses shorter and longer than the watch, so jobs meet watching and sleeping workers.
                        if (index + submitter) % 50 == 0 { try? await Task.sleep(for: .microseconds(200)) }
                    }
                }
            }
        }
        await workers.stop()
        #expect(ran.value == 8_000)
    }

    @Test func stoppingLetsQueuedJobsFinishAndRefusesLaterOnes() async throws {
        let workers = WorkerThreads(count: 2, name: "stop test")
        let ran = Locked(0)
        for _ in 0..<200 {
            workers.submit {
                Thread.sleep(forTimeInterval: 0.0001)
                ran.withLock { $0 += 1 }
            }
        }
        await workers.stop()
        #expect(ran.value == 200)
        #expect(!workers.submit { ran.withLock { $0 += 1 } })
        await workers.stop()
        #expect(ran.value == 200)
        await #expect(throws: SwitchyardError.self) { try await workers.run { 1 } }
    }

    @Test func aTaskPreferringTheWorkersRunsOnThem() async throws {
        let workers = WorkerThreads(count: 2, name: "executor test")
        #expect(!workers.isCurrent)
        let inJob = try await workers.run { workers.isCurrent }
        let inBody = await withTaskExecutorPreference(workers) { workers.isCurrent }
        await workers.stop()
        #expect(inJob)
        #expect(inBody)
        #expect(workers.count == 2)
    }
}
