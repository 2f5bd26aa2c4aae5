import Foundation
import Switchyard
import SwitchyardREPL
import SwitchyardSQLite

/// A REPL session over real SQLite files in a fresh temporary directory, capturing its output.
final class SessionFixture: Sendable {
    let directory: String
    let runtime: SwitchyardRuntime
    let session: REPLSession
    let output = StringOutput()
    let errors = StringOutput()

    /// Opens one SQLite file per name (`local` first), under `directory`.
    static func make(
        backends: [String] = ["local"], readOnly: Bool = false, settings: REPLSettings = REPLSettings(),
        routing: RoutingConfiguration = RoutingConfiguration(), tenants: [String: [String]] = [:]
    ) async throws -> SessionFixture {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("switchyard-repl-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let configuration = SwitchyardConfiguration(
            backends: backends.map { .init(name: $0, url: "sqlite://\(directory)/\($0).db", tenants: tenants[$0] ?? []) },
            readOnly: readOnly, routing: routing)
        let runtime = try await SwitchyardRuntime.start(configuration, drivers: DriverRegistry([SQLiteDriver()]))
        return SessionFixture(directory: directory, runtime: runtime, settings: settings)
    }

    private init(directory: String, runtime: SwitchyardRuntime, settings: REPLSettings) {
        self.directory = directory
        self.runtime = runtime
        self.session = REPLSession(runtime: runtime, settings: settings, output: output, errors: errors)
    }

    /// Runs `script` (lines separated by newlines) as piped input would be.
    @discardableResult
    func run(_ script: String) async -> REPLOutcome {
        await session.run(ScriptedLineSource(text: script))
    }

    /// Runs `script`, returns what was printed to the output, and clears both captures.
    func printed(_ script: String) async -> String {
        output.clear()
        errors.clear()
        await run(script)
        return output.text
    }

    func path(_ name: String) -> String { "\(directory)/\(name)" }

    /// Shuts the backends down and removes the directory.
    func tearDown() async {
        await runtime.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Runs `body` with a fresh fixture and always tears it down.
func withSession(
    backends: [String] = ["local"], readOnly: Bool = false, settings: REPLSettings = REPLSettings(),
    _ body: (SessionFixture) async throws -> Void
) async throws {
    let fixture = try await SessionFixture.make(backends: backends, readOnly: readOnly, settings: settings)
    do {
        try await body(fixture)
    } catch {
        await fixture.tearDown()
        throw error
    }
    await fixture.tearDown()
}
