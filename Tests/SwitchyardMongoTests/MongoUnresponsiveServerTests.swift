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
        // libmongoc gives up after 8 s (the shutdown waits for that): the message says the limit ended the check.
        let backend = try MongoBackend.open(
            name: "silent", url: "mongodb://127.0.0.1:\(server.port)/shop?serverSelectionTimeoutMS=8000&connectTimeoutMS=8000")
        let health = await backend.health(within: .milliseconds(300))
        #expect(!health.isHealthy)
        #expect(health.message == "silent: no answer within 300 ms: the server does not respond", "\(health)")
        server.close()
        await backend.shutdown()
    }
}
