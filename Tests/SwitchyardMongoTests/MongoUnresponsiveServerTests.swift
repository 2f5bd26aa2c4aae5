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

/// The same on an established connection: the test server behind a ``FreezableProxy``, frozen
/// once the backend has answered. A statement then waits for libmongoc's socket timeout (5
/// minutes); a caller with a deadline, or one cancelled (Ctrl-C), must not.
@Suite(.enabled(if: MongoTestServer.available, MongoTestServer.missingReason), .timeLimit(.minutes(1)))
struct MongoFrozenConnectionTests {
    @Test func aDeadlineOrACancellationEndsAStatementTheServerNeverAnswers() async throws {
        var components = try #require(URLComponents(string: try MongoTestServer.requireURL()))
        let proxy = try FreezableProxy(targetPort: try #require(components.port))
        defer { proxy.close() }
        components.port = proxy.port
        let backend = try MongoBackend.open(name: "frozen", url: try #require(components.string))
        let find = Statement("db.frozen_\(UInt32.random(in: 0...UInt32.max)).find({})", language: .mongo)
        #expect(try await backend.query(find).collect().isEmpty)
        proxy.freeze()
        let clock = ContinuousClock()

        var start = clock.now
        let orchestrator = Orchestrator(backends: BackendRegistry([backend]), processors: [TimeoutProcessor(limit: .milliseconds(500))])
        let timedOut = await #expect(throws: SwitchyardError.self) { _ = try await orchestrator.run(QueryRequest(find)).rows.collect() }
        #expect(timedOut?.kind == .timeout, "\(timedOut.map { "\($0)" } ?? "none")")
        #expect(clock.now - start < .seconds(20), "the statement waited \(clock.now - start)")

        start = clock.now
        let request = Task { try await backend.query(find).collect() }
        try await Task.sleep(for: .milliseconds(300))
        request.cancel()
        await #expect(throws: (any Error).self) { _ = try await request.value }
        #expect(clock.now - start < .seconds(20), "the cancelled statement waited \(clock.now - start)")

        // Thawed, the calls left waiting finish on the workers and the backend answers again.
        proxy.thaw()
        #expect(try await backend.query(find).collect().isEmpty)
        await backend.shutdown()
    }

    /// A statement left blocked on a connection that stopped answering holds its worker until
    /// libmongoc's socket timeout; a statement without a deadline, on a connection that works,
    /// must not wait behind it — with one worker, it did, for 5 minutes.
    @Test func aStatementWithoutADeadlineDoesNotWaitBehindAnAbandonedOne() async throws {
        var components = try #require(URLComponents(string: try MongoTestServer.requireURL()))
        let proxy = try FreezableProxy(targetPort: try #require(components.port))
        defer { proxy.close() }
        components.port = proxy.port
        let backend = try MongoBackend.open(
            BackendConfiguration(name: "abandoned", url: BackendURL(try #require(components.string)), settings: ["workers": "1"]))
        let find = Statement("db.qa_left_abandoned_\(UInt32.random(in: 0...UInt32.max)).find({})", language: .mongo)
        #expect(try await backend.query(find).collect().isEmpty)
        // The pool's one client's connection stops answering; a new client's connection works.
        proxy.freezeOpenConnections()

        let orchestrator = Orchestrator(backends: BackendRegistry([backend]), processors: [TimeoutProcessor(limit: .milliseconds(300))])
        let timedOut = await #expect(throws: SwitchyardError.self) { _ = try await orchestrator.run(QueryRequest(find)).rows.collect() }
        #expect(timedOut?.kind == .timeout, "\(timedOut.map { "\($0)" } ?? "none")")

        let answered = Locked(false)
        let next = Task {
            defer { answered.withLock { $0 = true } }
            return try await backend.query(find).collect()
        }
        let clock = ContinuousClock()
        let start = clock.now
        while !answered.value, clock.now - start < .seconds(10) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(answered.value, "the statement waited behind the abandoned one for \(clock.now - start)")
        // Thawed, the abandoned statement ends and gives its client back.
        proxy.thaw()
        #expect(try await next.value.isEmpty)
        await backend.shutdown()
    }
}
