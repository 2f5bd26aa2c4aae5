@testable import Switchyard
import Testing

@Suite struct FanOutScheduleTests {
    @Test func untimedRequestsStartInTheOrderGiven() {
        let schedule = FanOutSchedule()
        #expect(schedule.order(of: [.backend("a"), .backend("b"), .automatic]) == [0, 1, 2])
        #expect(schedule.estimate(for: "a") == nil)
    }

    @Test func timedBackendsStartSlowestFirstAndUntimedOnesBeforeThem() {
        let schedule = FanOutSchedule()
        schedule.record([("quick", .milliseconds(1)), ("slow", .milliseconds(40)), ("middle", .milliseconds(9))])
        #expect(schedule.order(of: [.backend("quick"), .backend("middle"), .backend("slow")]) == [2, 1, 0])
        // Routed automatically or to a backend never timed: it may be the slowest, and starting it first times it.
        #expect(schedule.order(of: [.backend("quick"), .automatic, .backend("slow"), .backend("new")]) == [1, 3, 2, 0])
        // A fan-out is as slow as its slowest backend; one untimed backend makes it untimed.
        #expect(schedule.order(of: [.backend("middle"), .backends(["quick", "slow"]), .backends(["quick", "new"])]) == [2, 1, 0])
        // Ties keep the order given.
        #expect(schedule.order(of: [.backend("quick"), .backend("slow"), .backends(["slow", "quick"])]) == [1, 2, 0])
    }

    @Test func aNewTimeMovesTheEstimateAQuarterOfTheWay() {
        let schedule = FanOutSchedule()
        schedule.record([("db", .milliseconds(100))])
        schedule.record([("db", .milliseconds(20))])
        #expect(schedule.estimate(for: "db") == .milliseconds(80))
        // A backend that got quicker than another moves ahead of it only once its average does.
        schedule.record([("other", .milliseconds(70))])
        #expect(schedule.order(of: [.backend("other"), .backend("db")]) == [1, 0])
        schedule.record([("db", .milliseconds(20))])
        #expect(schedule.estimate(for: "db") == .milliseconds(65))
        #expect(schedule.order(of: [.backend("other"), .backend("db")]) == [0, 1])
    }

    @Test func pastItsCapacityTheFirstTimedBackendIsForgotten() {
        let schedule = FanOutSchedule()
        for number in 0...FanOutSchedule.capacity {
            schedule.record([("backend-\(number)", .milliseconds(number + 1))])
        }
        #expect(schedule.estimate(for: "backend-0") == nil)
        #expect(schedule.estimate(for: "backend-1") == .milliseconds(2))
        #expect(schedule.estimate(for: "backend-\(FanOutSchedule.capacity)") == .milliseconds(FanOutSchedule.capacity + 1))
        // Forgotten, it counts as untimed again: first.
        #expect(schedule.order(ofBackends: ["backend-1", "backend-0"]) == [1, 0])
    }

    @Test func absurdTimesDoNotOverflow() {
        let schedule = FanOutSchedule()
        schedule.record([("db", .seconds(Int64.max / 2)), ("db", .seconds(Int64.max / 2)), ("negative", .seconds(-5))])
        #expect(schedule.estimate(for: "db").map { $0 > .seconds(1_000_000) } == true)
        #expect(schedule.estimate(for: "negative") == .zero)
    }
}
