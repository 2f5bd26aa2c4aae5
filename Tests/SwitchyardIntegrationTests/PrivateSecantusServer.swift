import Foundation
import Switchyard
import SwitchyardTestSupport

/// A SecantusDB process of one test's own, on its own port, so the test can kill it mid-run
/// without disturbing the shared servers other suites use. The executable is the one
/// `scripts/mongo-test-server.sh start` installs (`SWITCHYARD_TEST_MONGO_SERVER`).
final class PrivateSecantusServer: @unchecked Sendable {
    // `process` is only touched by the test that owns the instance, one step at a time.
    let port: Int
    let storage: URL
    private var process: ChildProcess?

    init() {
        // Above the range the Mongo adapter's own recovery tests pick from.
        port = Int.random(in: 29_000..<30_000)
        storage = FileManager.default.temporaryDirectory.appendingPathComponent("switchyard-e2e-secantus-\(UUID().uuidString)")
    }

    /// A short server selection timeout, so a killed server (whose port then refuses at once)
    /// turns into a connection error quickly; a generous connect timeout, which is also the
    /// monitor's reply deadline, so a server slowed by a loaded machine is not taken for dead.
    var url: String {
        "mongodb://127.0.0.1:\(port)/e2e?serverSelectionTimeoutMS=3000&connectTimeoutMS=10000"
    }

    func start() throws {
        guard let executable = IntegrationServers.values[IntegrationServers.mongoServerVariable] else {
            throw SwitchyardError(.configuration, "\(IntegrationServers.mongoServerVariable) is not set: run scripts/mongo-test-server.sh start")
        }
        try FileManager.default.createDirectory(at: storage, withIntermediateDirectories: true)
        process = try ChildProcess(
            executable: executable,
            arguments: ["--host", "127.0.0.1", "--port", String(port), "--storage-path", storage.path, "--standalone"]
        )
    }

    /// Kills the server at once, as a crash or a pulled cable would.
    func kill() {
        guard let process else { return }
        process.send(SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    func remove() {
        kill()
        try? FileManager.default.removeItem(at: storage)
    }
}

/// Runs `body` with a started private server, which is killed and removed afterwards whatever happens.
func withPrivateSecantusServer<T: Sendable>(_ body: (PrivateSecantusServer) async throws -> T) async throws -> T {
    let server = PrivateSecantusServer()
    defer { server.remove() }
    try server.start()
    return try await body(server)
}

extension SwitchyardRuntime {
    /// Waits until `backend` reports healthy; whether it did within `seconds`.
    func waitUntilHealthy(_ backend: String, seconds: Double = 20) async -> Bool {
        guard let backend = try? backends.backend(named: backend) else { return false }
        return await eventually(within: seconds) { await backend.health().isHealthy }
    }
}
