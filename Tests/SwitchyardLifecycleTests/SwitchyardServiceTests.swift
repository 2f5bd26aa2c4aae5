import Foundation
import Logging
import ServiceLifecycle
import Switchyard
import SwitchyardLifecycle
import SwitchyardSQLite
import Testing

@Suite("SwitchyardService")
struct SwitchyardServiceTests {
    private func startRuntime() async throws -> (SwitchyardRuntime, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchyard-lifecycle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configuration = SwitchyardConfiguration(backends: [.init(name: "app", url: "sqlite:\(directory.path)/app.db")])
        let runtime = try await SwitchyardRuntime.start(configuration, drivers: DriverRegistry([SQLiteDriver()]))
        return (runtime, directory)
    }

    @Test("graceful shutdown of the service group closes every backend")
    func gracefulShutdownClosesBackends() async throws {
        let (runtime, directory) = try await startRuntime()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try await runtime.orchestrator.run("CREATE TABLE t (x INTEGER)").rows.collect()

        let group = ServiceGroup(services: [SwitchyardService(runtime)], logger: Logger(label: "test"))
        async let running: Void = group.run()
        // While the group runs, the backend answers.
        _ = try await runtime.orchestrator.run("SELECT count(*) FROM t").rows.collect()
        await group.triggerGracefulShutdown()
        try await running

        let error = await #expect(throws: SwitchyardError.self) {
            _ = try await runtime.orchestrator.run("SELECT count(*) FROM t").rows.collect()
        }
        #expect(error?.kind == .connection)
    }

    @Test("a cancelled service still closes every backend")
    func cancellationClosesBackends() async throws {
        let (runtime, directory) = try await startRuntime()
        defer { try? FileManager.default.removeItem(at: directory) }
        let task = Task { try await SwitchyardService(runtime, ownershipRefreshInterval: .milliseconds(20)).run() }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        try await task.value
        await #expect(throws: SwitchyardError.self) {
            _ = try await runtime.orchestrator.run("SELECT 1").rows.collect()
        }
    }
}
