import Foundation
import Switchyard
@testable import SwitchyardMongo
import SwitchyardTestSupport
import Testing

/// A server that accepts connections and never answers (hung, stopped with `SIGSTOP`): libmongoc
/// waits on an established connection up to `socketTimeoutMS` (5 minutes by default), and
/// `health()` — `\backends` — must say the server is down sooner. A listening socket nobody
/// accepts from stands in for it, so this runs without a MongoDB server.
@Suite(.timeLimit(.minutes(1)))
struct MongoUnresponsiveServerTests {
    @Test func healthSaysDownWhenTheServerDoesNotAnswer() async throws {
        let server = try SilentServer()
        let backend = try MongoBackend.open(
            name: "silent", url: "mongodb://127.0.0.1:\(server.port)/shop?serverSelectionTimeoutMS=5000&connectTimeoutMS=5000")
        let clock = ContinuousClock()
        let start = clock.now
        let health = await backend.health(within: .milliseconds(300))
        // Well before the connect attempt gives up (5 s), even on a loaded machine; the message says
        // which ended the check.
        #expect(clock.now - start < .seconds(4), "health() waited for the server past its limit")
        #expect(!health.isHealthy)
        #expect(health.message == "silent: no answer within 300 ms: the server does not respond", "\(health)")
        await backend.shutdown()
    }
}
