import Foundation
import Switchyard
import SwitchyardTestSupport
import SwitchyardMongo
import Testing

/// A private SecantusDB instance on its own port, so stopping it does not disturb the
/// other tests sharing the main test server.
final class PrivateMongoServer: @unchecked Sendable {
    // Only touched by the test that owns the instance, one step at a time.
    let port: Int
    let storage: URL
    private var process: ChildProcess?

    static let executable = MongoTestServer.environment["SWITCHYARD_TEST_MONGO_SERVER"].flatMap { $0.isEmpty ? nil : $0 }

    /// Whether it reports a standalone topology; otherwise a single-node replica set.
    let standalone: Bool

    init(standalone: Bool = true) {
        self.standalone = standalone
        port = Int.random(in: 28_000..<29_000)
        storage = FileManager.default.temporaryDirectory.appendingPathComponent("switchyard-mongo-private-\(UUID().uuidString)")
    }

    var url: String {
        "mongodb://127.0.0.1:\(port)/recovery?serverSelectionTimeoutMS=3000&connectTimeoutMS=10000" + (standalone ? "" : "&directConnection=true")
    }

    func start() throws {
        guard let executable = PrivateMongoServer.executable else {
            throw SwitchyardError(.configuration, "SWITCHYARD_TEST_MONGO_SERVER is not set: run scripts/mongo-test-server.sh start")
        }
        try FileManager.default.createDirectory(at: storage, withIntermediateDirectories: true)
        process = try ChildProcess(
            executable: executable,
            arguments: ["--host", "127.0.0.1", "--port", String(port), "--storage-path", storage.path] + (standalone ? ["--standalone"] : [])
        )
    }

    func stop() {
        guard let process else { return }
        // SecantusDB does not always exit on SIGTERM; the test needs it gone now.
        process.send(SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    func remove() {
        stop()
        try? FileManager.default.removeItem(at: storage)
    }

    /// Waits until `backend` reports healthy, up to `seconds`.
    static func waitUntilHealthy(_ backend: any Backend, seconds: Double = 30) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if await backend.health().isHealthy { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return false
    }
}

@Suite(.enabled(if: MongoTestServer.available, MongoTestServer.missingReason), .timeLimit(.minutes(2)))
struct MongoRecoveryTests {
    @Test func aStoppedServerIsAConnectionErrorAndThePoolRecoversWhenItReturns() async throws {
        _ = try MongoTestServer.requireURL()
        let server = PrivateMongoServer()
        defer { server.remove() }
        try server.start()
        let backend = try MongoBackend.open(name: "flaky", url: server.url)
        #expect(await PrivateMongoServer.waitUntilHealthy(backend), "the private server never answered")
        let insert = Statement("db.items.insertOne({_id: $1})", [.int(1)], language: .mongo)
        _ = try await backend.query(insert).collect()

        server.stop()
        let error = try await #require(throws: SwitchyardError.self) {
            _ = try await backend.query(Statement("db.items.find()", language: .mongo)).collect()
        }
        #expect(error.kind == .connection)
        #expect(error.backend == "flaky")
        #expect(error.hint?.contains("server running") == true)
        #expect(await !backend.health().isHealthy)

        try server.start()
        #expect(await PrivateMongoServer.waitUntilHealthy(backend), "the backend did not recover once the server returned")
        let count = try await backend.query(Statement("db.items.countDocuments({})", language: .mongo)).collect()
        #expect(count.first?["count"] != nil)
        await backend.shutdown()
    }
}
