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
        let deadline = ContinuousClock.now + .seconds(10)
        while rounds < 1_000, ContinuousClock.now < deadline {
            // The worker that ran this watches for the next job once it is done.
            try await workers.run {}
            let allMet = await withCheckedContinuation { (done: CheckedContinuation<Bool, Never>) in
                let started = Locked(0)
                let finished = Locked(0)
                let met = Locked(true)
                for _ in 0..<4 {
                    workers.submit {
                        started.withLock { $0 += 1 }
                        while started.value < 4, ContinuousClock.now < deadline { sched_yield() }
                        if started.value < 4 { met.withLock { $0 = false } }
                        if finished.withLock({ $0 += 1; return $0 }) == 4 { done.resume(returning: met.value) }
                    }
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
