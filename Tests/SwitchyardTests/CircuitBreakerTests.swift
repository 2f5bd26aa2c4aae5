import Switchyard
import Testing

@Suite struct CircuitBreakerTests {
    @Test func aBackendStartsClosedAndAdmitsRequests() {
        let breakers = CircuitBreakers()
        #expect(breakers.state(of: "main") == .closed)
        #expect(breakers.allowsRequest(to: "main"))
    }

    @Test func consecutiveFailuresUpToTheThresholdOpenTheCircuit() {
        let breakers = CircuitBreakers(policy: CircuitBreakerPolicy(failureThreshold: 3))
        breakers.recordFailure("main")
        breakers.recordFailure("main")
        #expect(breakers.state(of: "main") == .closed)
        breakers.recordFailure("main")
        guard case .open = breakers.state(of: "main") else { Issue.record("expected open"); return }
        #expect(!breakers.allowsRequest(to: "main"))
        #expect(breakers.allowsRequest(to: "other"))
    }

    @Test func aSuccessResetsTheFailureCount() {
        let breakers = CircuitBreakers(policy: CircuitBreakerPolicy(failureThreshold: 2))
        breakers.recordFailure("main")
        breakers.recordSuccess("main")
        breakers.recordFailure("main")
        #expect(breakers.state(of: "main") == .closed)
    }

    @Test func anOpenCircuitTurnsHalfOpenAfterItsDurationAndAdmitsOnlyTheProbes() async throws {
        let breakers = CircuitBreakers(policy: CircuitBreakerPolicy(failureThreshold: 1, openDuration: .milliseconds(40), halfOpenProbes: 1))
        breakers.recordFailure("main")
        #expect(!breakers.allowsRequest(to: "main"))
        try await Task.sleep(for: .milliseconds(60))
        #expect(breakers.state(of: "main") == .halfOpen)
        #expect(breakers.allowsRequest(to: "main"))
        #expect(!breakers.allowsRequest(to: "main"))
    }

    @Test func aProbeWhoseOutcomeNeverArrivesStopsBlockingAfterTheOpenDuration() async throws {
        let breakers = CircuitBreakers(policy: CircuitBreakerPolicy(failureThreshold: 1, openDuration: .milliseconds(40)))
        breakers.recordFailure("main")
        try await Task.sleep(for: .milliseconds(60))
        #expect(breakers.allowsRequest(to: "main"))
        #expect(!breakers.allowsRequest(to: "main"))
        try await Task.sleep(for: .milliseconds(60))
        #expect(breakers.allowsRequest(to: "main"))
    }

    @Test func anInconclusiveProbeGivesItsPlaceBackAndLeavesTheCircuitHalfOpen() async throws {
        let breakers = CircuitBreakers(policy: CircuitBreakerPolicy(failureThreshold: 1, openDuration: .seconds(1), halfOpenProbes: 1))
        breakers.recordInconclusive("main")  // closed: nothing to give back
        #expect(breakers.state(of: "main") == .closed)
        breakers.recordFailure("main")
        try await Task.sleep(for: .milliseconds(1_100))
        #expect(breakers.allowsRequest(to: "main"))
        #expect(!breakers.allowsRequest(to: "main"))
        breakers.recordInconclusive("main")
        #expect(breakers.state(of: "main") == .halfOpen)
        #expect(breakers.allowsRequest(to: "main"))
        #expect(!breakers.allowsRequest(to: "main"))
    }

    @Test func aHalfOpenCircuitClosesOnSuccessAndReopensOnFailure() async throws {
        let breakers = CircuitBreakers(policy: CircuitBreakerPolicy(failureThreshold: 1, openDuration: .milliseconds(40)))
        breakers.recordFailure("a")
        breakers.recordFailure("b")
        try await Task.sleep(for: .milliseconds(60))
        #expect(breakers.allowsRequest(to: "a") && breakers.allowsRequest(to: "b"))
        breakers.recordSuccess("a")
        breakers.recordFailure("b")
        #expect(breakers.state(of: "a") == .closed)
        guard case .open = breakers.state(of: "b") else { Issue.record("expected b open again"); return }
    }
}
