import Foundation
import Switchyard
import SwitchyardTestSupport

/// A second streaming replica of the test primary, of one test's own, made with
/// `scripts/postgres-replica-test-server.sh` on another port and directory, so the test can
/// stop it mid-run without disturbing the shared replica other tests read from.
final class PrivatePostgresReplica: Sendable {
    let port: Int
    let directory: String
    let envFile: String

    init() {
        // Below Linux's ephemeral range (32768–60999): a port in it can be taken, between picking
        // and binding, by the local end of any of the suite's many client connections.
        // Above the ranges the private SecantusDB servers pick from (28000–29999).
        port = Int.random(in: 30_000..<31_000)
        let name = "switchyard-e2e-replica-\(UUID().uuidString.prefix(8).lowercased())"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        envFile = directory + ".env"
    }

    private static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/postgres-replica-test-server.sh").path

    /// Base-backs-up the primary and starts the standby; its URL.
    func start() throws -> String {
        let output = try run("start")
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("SWITCHYARD_TEST_POSTGRES_REPLICA_URL=") }) else {
            throw SwitchyardError(.configuration, "the replica script printed no URL: \(output)")
        }
        return String(line.dropFirst("SWITCHYARD_TEST_POSTGRES_REPLICA_URL=".count))
    }

    /// Stops the standby (fast shutdown) and deletes its data.
    func stop() {
        _ = try? run("stop")
    }

    /// Runs the script and returns what it printed.
    private func run(_ command: String) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["SWITCHYARD_POSTGRES_REPLICA_PORT"] = String(port)
        environment["SWITCHYARD_POSTGRES_REPLICA_DIR"] = directory
        environment["SWITCHYARD_POSTGRES_REPLICA_ENV_FILE"] = envFile
        environment["SWITCHYARD_POSTGRES_REPLICA_WAIT"] = "10"
        let log = directory + "-\(command).log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let logDescriptor = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard logDescriptor >= 0 else {
            throw SwitchyardError(.connection, "cannot create \(log): \(String(cString: strerror(errno)))")
        }
        let script: ChildProcess
        do {
            defer { close(logDescriptor) }
            script = try ChildProcess(
                executable: "/bin/bash", arguments: [Self.script, command], environment: environment,
                stdout: .descriptor(logDescriptor), stderr: .descriptor(logDescriptor))
        }
        let status = script.waitUntilExit()
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw SwitchyardError(.connection, "scripts/postgres-replica-test-server.sh \(command) failed: \(output)")
        }
        return output
    }
}

/// Runs `body` with a started private replica's URL; the replica is stopped and removed afterwards whatever happens.
func withPrivatePostgresReplica<T: Sendable>(_ body: (PrivatePostgresReplica, String) async throws -> T) async throws -> T {
    let (replica, url) = try await startedPrivatePostgresReplica()
    do {
        let result = try await body(replica, url)
        await replica.stopped()
        return result
    } catch {
        await replica.stopped()
        throw error
    }
}

/// A started private replica and its URL. A port something else took meanwhile (another
/// process on the machine) costs a second try on another port, not the test.
private func startedPrivatePostgresReplica() async throws -> (PrivatePostgresReplica, String) {
    for attempt in 1...3 {
        let replica = PrivatePostgresReplica()
        do {
            let url = try await offThePool { try replica.start() }
            return (replica, url)
        } catch {
            await replica.stopped()
            guard attempt < 3, "\(error)".contains("Address already in use") else { throw error }
        }
    }
    preconditionFailure("the last attempt returns or throws")
}

extension PrivatePostgresReplica {
    /// ``stop()`` without blocking the cooperative pool while `pg_ctl` waits.
    func stopped() async {
        _ = try? await offThePool { self.stop() }
    }
}

/// Runs blocking `work` (a script that takes seconds) on a thread of its own, not on Swift's cooperative pool.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}
