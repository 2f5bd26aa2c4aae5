import Switchyard
import Testing

/// ``HealthStatus/checking(backend:within:_:)``: a health check answers within its limit
/// whatever the server does.
@Suite struct HealthCheckLimitTests {
    @Test func aCheckThatAnswersInTimeGivesItsOwnStatus() async {
        let up = await HealthStatus.checking(backend: "b", within: .seconds(10)) { HealthStatus(isHealthy: true, latency: .milliseconds(1)) }
        #expect(up == HealthStatus(isHealthy: true, latency: .milliseconds(1)))
        let down = await HealthStatus.checking(backend: "b", within: .seconds(10)) { HealthStatus(isHealthy: false, message: "refused") }
        #expect(down.message == "refused")
    }

    @Test func aCheckThatNeverAnswersIsDownAtTheLimitAndGoesOnInTheBackground() async throws {
        let finished = Locked(false)
        let release = AsyncStream<Void>.makeStream()
        let clock = ContinuousClock()
        let start = clock.now
        let status = await HealthStatus.checking(backend: "hung", within: .milliseconds(100)) {
            for await _ in release.stream {}
            finished.withLock { $0 = true }
            return HealthStatus(isHealthy: true)
        }
        // Answered by the limit (the message says so), long before the check would end: never, here.
        #expect(clock.now - start < .seconds(30))
        #expect(!status.isHealthy)
        #expect(status.message == "hung: no answer within 100 ms: the server does not respond")
        #expect(status.latency.map { $0 >= .milliseconds(100) } == true)
        #expect(!finished.value)
        release.continuation.finish()
        let deadline = clock.now + .seconds(10)
        while !finished.value, clock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(finished.value, "the check did not go on after the limit")
    }

    @Test func cancellingTheCallerAnswersAtOnceAndCancelsTheCheck() async throws {
        let sawCancellation = Locked(false)
        let task = Task {
            await HealthStatus.checking(backend: "b", within: .seconds(60)) {
                while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
                sawCancellation.withLock { $0 = true }
                return HealthStatus(isHealthy: true)
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        let status = await task.value
        #expect(!status.isHealthy)
        #expect(status.message == "b: the health check was cancelled")
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        while !sawCancellation.value, clock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(sawCancellation.value)
    }
}
