import Foundation
import Switchyard
import SwitchyardPostgres
import SwitchyardTestSupport
import Testing

/// A server restart in the middle of a run: every pooled connection dies, and the
/// backend goes on working with new ones. The restarted server is a private cluster made
/// by the same script on a port of its own, so restarting it never disturbs the suites
/// that share the test server (the replica and orchestration suites run meanwhile).
@Suite(.enabled(if: PostgresTestServer.isEnabled, "no PostgreSQL test server: \(PostgresTestServer.startHint)"), .timeLimit(.minutes(2)))
struct PostgresRestartTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/postgres-test-server.sh").path

    /// The private cluster's settings: the script's own overrides.
    static let environment: [String: String] = {
        let id = "\(getpid())"
        return [
            // Below Linux's ephemeral range (32768–60999), where the local end of a client
            // connection could hold the port when the cluster binds it; above the other private
            // servers' ranges (28000–30999).
            "SWITCHYARD_POSTGRES_PORT": "\(31000 + Int(getpid()) % 1000)",
            "SWITCHYARD_POSTGRES_DIR": NSTemporaryDirectory() + "switchyard-pg-restart-\(id)",
            "SWITCHYARD_POSTGRES_ENV_FILE": NSTemporaryDirectory() + "switchyard-pg-restart-\(id).env",
        ]
    }()

    /// Runs the script (`start`, `restart`, `stop`) as an operator would.
    static func runScript(_ command: String) async throws {
        let merged = ProcessInfo.processInfo.environment.merging(environment) { _, override in override }
        let child = try ChildProcess(executable: "/bin/bash", arguments: [script, command], environment: merged)
        let status = await child.waitForExit()
        guard status == 0 else {
            throw SwitchyardError(.connection, "scripts/postgres-test-server.sh \(command) failed (exit status \(status))")
        }
    }

    /// The private cluster's URL, from the env file its `start` wrote.
    static func privateURL() throws -> String {
        let path = environment["SWITCHYARD_POSTGRES_ENV_FILE"] ?? ""
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("SWITCHYARD_TEST_POSTGRES_URL=") }) else {
            throw SwitchyardError(.notFound, "\(path) names no URL")
        }
        return String(line.dropFirst("SWITCHYARD_TEST_POSTGRES_URL=".count))
    }

    @Test func aServerRestartMidRunRecovers() async throws {
        _ = try PostgresTestServer.requireURL()
        try await Self.runScript("start")
        do {
            try await restartMidRun()
        } catch {
            try? await Self.runScript("stop")
            throw error
        }
        try await Self.runScript("stop")
    }

    private func restartMidRun() async throws {
        let backend = try await PostgresBackend.open(name: "restart", url: try Self.privateURL() + "?pool_min=2&pool_max=4")
        // Warm several connections so that several die.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { _ = try await backend.query("SELECT pg_sleep(0.05)").collect() } }
            try await group.waitForAll()
        }
        let before = try await backend.query("SELECT pg_postmaster_start_time()").collect().first?[0]

        try await Self.runScript("restart")

        // Every query after the restart succeeds: dead connections are noticed before
        // anything is sent on them and replaced.
        for _ in 0..<10 {
            #expect(try await backend.query("SELECT 1").collect().first?[0] == .int(1))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<8 {
                group.addTask {
                    let rows = try await backend.query(Statement("SELECT $1::int", [.int(Int64(n))])).collect()
                    #expect(rows.first?[0] == .int(Int64(n)))
                }
            }
            try await group.waitForAll()
        }
        let after = try await backend.query("SELECT pg_postmaster_start_time()").collect().first?[0]
        #expect(before != after, "the server really restarted")
        try await backend.withTransaction { tx in _ = try await tx.query("SELECT 1").collect() }
        #expect(await backend.health().isHealthy)
        #expect(backend.poolStatistics.leased == 0)
        await backend.shutdown()
    }
}
