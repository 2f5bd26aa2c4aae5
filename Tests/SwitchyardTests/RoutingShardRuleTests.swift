import Switchyard
import Testing

@Suite struct RoutingShardRuleTests {
    @Test func theSameKeyAlwaysLandsOnTheSameBackend() async throws {
        let rule = ShardRule(key: .binding(0), backends: ["eu", "us"])
        let request = routingRequest("SELECT * FROM users WHERE id = ?", [.int(42)])
        let first = try await rule.evaluate(request, context: routingContext)
        let second = try await ShardRule(key: .binding(0), backends: ["eu", "us"]).evaluate(request, context: routingContext)
        #expect(first == second)
        guard case .match(let route) = first else { Issue.record("expected a match"); return }
        #expect(route.reason.hasPrefix("shard key '42' hashes to"))
    }

    @Test func theKeyCanComeFromACallerAttribute() async throws {
        let rule = ShardRule(key: .attribute("customer"), backends: ["eu", "us"])
        let ring = ConsistentHashRing(backends: ["eu", "us"])
        let outcome = try await rule.evaluate(routingRequest("SELECT 1", attributes: ["customer": "c-17"]), context: routingContext)
        guard case .match(let route) = outcome else { Issue.record("expected a match"); return }
        #expect(route.targets == [ring.backend(for: "c-17")].compactMap { $0 })
        #expect(try await rule.evaluate(routingRequest("SELECT 1"), context: routingContext)
            == .noMatch("the caller has no 'customer' attribute for the shard key"))
    }

    @Test func aMissingBindingDoesNotMatch() async throws {
        let outcome = try await ShardRule(key: .binding(1), backends: ["eu"]).evaluate(routingRequest("SELECT ?", [.int(1)]), context: routingContext)
        #expect(outcome == .noMatch("the statement has no binding 2 for the shard key"))
    }

    @Test func keysSpreadEvenlyOverTheBackends() {
        let ring = ConsistentHashRing(backends: ["a", "b", "c", "d"])
        var counts: [String: Int] = [:]
        for key in 0..<20_000 { counts[ring.backend(for: "user-\(key)") ?? "", default: 0] += 1 }
        #expect(counts.count == 4)
        // 5000 each on average; virtual nodes keep every backend within ±20%.
        for (_, count) in counts { #expect((4000...6000).contains(count)) }
    }

    @Test func addingABackendMovesOnlyAboutOneNthOfTheKeys() {
        let before = ConsistentHashRing(backends: ["a", "b", "c", "d"])
        let after = ConsistentHashRing(backends: ["a", "b", "c", "d", "e"])
        let keys = (0..<20_000).map { "order-\($0)" }
        var moved = 0
        for key in keys {
            let old = before.backend(for: key)
            let new = after.backend(for: key)
            if old != new {
                moved += 1
                // A key only ever moves to the new backend.
                #expect(new == "e")
            }
        }
        // Ideal is 1/5 = 4000; allow for the ring's unevenness.
        #expect((3000...5000).contains(moved))
    }
}
