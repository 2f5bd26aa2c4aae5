import Switchyard
import Testing

/// Each test has a timer of its own, so no other test's deadlines set it.
@Suite struct DeadlineTimerTests {
    /// Waits (up to 20 s, for loaded machines) until `condition` holds.
    private func eventually(_ condition: () -> Bool) async throws {
        let start = ContinuousClock.now
        while !condition(), ContinuousClock.now - start < .seconds(20) { try await Task.sleep(for: .milliseconds(2)) }
    }

    @Test func actionsScheduledLatestFirstRunInDeadlineOrderNeverEarly() async throws {
        let timer = DeadlineTimer()
        let start = ContinuousClock.now
        let ran = Locked<[(index: Int, at: ContinuousClock.Instant)]>([])
        // Each deadline is earlier than every one before it: the timer must be set earlier each time.
        let delays: [Duration] = [.milliseconds(900), .milliseconds(600), .milliseconds(300), .milliseconds(50)]
        for (index, delay) in delays.enumerated() {
            timer.schedule(at: start + delay) { ran.withLock { $0.append((index, .now)) } }
        }
        try await eventually { ran.value.count == delays.count }
        #expect(ran.value.map(\.index) == [3, 2, 1, 0])
        for run in ran.value {
            #expect(run.at >= start + delays[run.index], "action \(run.index) ran before its deadline")
        }
        // The first ran near its own deadline, not at one of the later ones it was scheduled after.
        #expect(try #require(ran.value.first).at < start + delays[2])
        #expect(timer.pendingCount == 0)
    }

    @Test func aCancelledActionNeverRunsAndCancelSaysWhetherItHadRun() async throws {
        let timer = DeadlineTimer()
        let ran = Locked<[String]>([])
        let cancelled = timer.schedule(at: .now + .milliseconds(100)) { ran.withLock { $0.append("cancelled") } }
        let kept = timer.schedule(at: .now + .milliseconds(150)) { ran.withLock { $0.append("kept") } }
        #expect(timer.cancel(cancelled))
        try await eventually { ran.value == ["kept"] }
        try await Task.sleep(for: .milliseconds(100))
        #expect(ran.value == ["kept"])
        #expect(!timer.cancel(kept), "an action that ran cannot be cancelled")
        #expect(!timer.cancel(cancelled), "nor one cancelled before")
    }

    @Test func cancellingInAnyOrderTakesBackExactlyThoseActions() async throws {
        let timer = DeadlineTimer()
        let ran = Locked<Set<Int>>([])
        let start = ContinuousClock.now
        let tokens = (0..<40).map { index in
            timer.schedule(at: start + .milliseconds(150 + 5 * (index % 7))) { _ = ran.withLock { $0.insert(index) } }
        }
        // Last, first, then every third from the middle out: each found wherever it sits.
        let cancelled = [39, 0] + stride(from: 20, to: 39, by: 3) + stride(from: 17, to: 0, by: -3)
        for index in cancelled {
            #expect(timer.cancel(tokens[index]), "action \(index) was pending")
            #expect(!timer.cancel(tokens[index]), "action \(index) was taken back already")
        }
        #expect(timer.pendingCount == 40 - cancelled.count)
        let expected = Set(0..<40).subtracting(cancelled)
        try await eventually { ran.value.count == expected.count }
        try await Task.sleep(for: .milliseconds(100))
        #expect(ran.value == expected)
        #expect(timer.pendingCount == 0)
        #expect(tokens.allSatisfy { !timer.cancel($0) })
    }

    @Test func aDeadlineAlreadyPastRunsAtOnceAndTheTimerGoesOn() async throws {
        let timer = DeadlineTimer()
        let ran = Locked<[String]>([])
        timer.schedule(at: .now + .seconds(3600)) { ran.withLock { $0.append("an hour") } }
        timer.schedule(at: .now - .seconds(1)) { ran.withLock { $0.append("past") } }
        try await eventually { ran.value == ["past"] }
        #expect(ran.value == ["past"])
        // After firing, the timer is set again: a later, nearer deadline still runs.
        timer.schedule(at: .now + .milliseconds(20)) { ran.withLock { $0.append("soon") } }
        try await eventually { ran.value.count == 2 }
        #expect(ran.value == ["past", "soon"])
        #expect(timer.pendingCount == 1)
    }

    @Test func aTimerDroppedWithActionsPendingRunsNone() async throws {
        let ran = Locked(false)
        do {
            let timer = DeadlineTimer()
            timer.schedule(at: .now + .milliseconds(50)) { ran.withLock { $0 = true } }
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(!ran.value)
    }
}
