import Foundation
import Switchyard
import Testing

/// Secrets and overrides from the environment, as a deployment supplies them, against the real servers.
@Suite(.enabled(if: IntegrationServers.isEnabled, IntegrationServers.disabledReason), .timeLimit(.minutes(2)))
struct ConfigurationEnvironmentTests {
    /// The test server's URL without its password, and the password.
    private func splitPostgresURL(_ scenario: IntegrationScenario) throws -> (url: String, password: String) {
        var components = try #require(URLComponents(string: scenario.environment[IntegrationServers.postgresVariable] ?? ""))
        let password = try #require(components.password)
        components.password = nil
        return (try #require(components.string), password)
    }

    @Test func aPasswordFromTheEnvironmentOpensTheServerAndIsNeverShown() async throws {
        try await withScenario { scenario in
            let (url, password) = try splitPostgresURL(scenario)
            let configuration = """
                { "backends": [{ "name": "main", "url": "\(url)", "role": "primary" }] }
                """
            try await scenario.withRuntime(configuration, extra: ["SWITCHYARD_BACKENDS_MAIN_PASSWORD": password]) { runtime in
                let (rows, _) = try await runtime.rows("SELECT current_user AS who")
                #expect(rows.first?["who"] == .text("switchyard"))
                let status = try #require(await runtime.backendStatus().first)
                #expect(status.health.isHealthy)
                #expect(status.role == "primary")
                #expect(!status.url.contains(password))
                #expect(!runtime.configuration.backends[0].description.contains(password))
            }
        }
    }

    @Test func environmentOverridesReplaceWhatTheFileSays() async throws {
        try await withScenario { scenario in
            // The file points `main` at SQLite; the deployment's environment points it at the replica, read-only.
            let configuration = """
                { "backends": [{ "name": "main", "url": "sqlite://${E2E_DIR}/unused.db" }] }
                """
            let overrides = [
                "SWITCHYARD_BACKENDS_MAIN_URL": scenario.environment[IntegrationServers.replicaVariable] ?? "",
                "SWITCHYARD_READ_ONLY": "true",
            ]
            try await scenario.withRuntime(configuration, extra: overrides) { runtime in
                let (rows, _) = try await runtime.rows("SELECT pg_is_in_recovery() AS standby")
                #expect(rows.first?["standby"] == .bool(true))
                let error = await #expect(throws: SwitchyardError.self) {
                    try await runtime.run("CREATE TABLE \(scenario.name("never")) (id int)")
                }
                #expect(error?.kind == .readOnly)
                // Refused by the read-only guard before it reached the server (which would name itself).
                #expect(error?.backend == nil)
            }
            #expect(!FileManager.default.fileExists(atPath: scenario.directory.appendingPathComponent("unused.db").path))
        }
    }
}
