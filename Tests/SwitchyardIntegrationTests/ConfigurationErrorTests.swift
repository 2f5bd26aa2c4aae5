import Switchyard
import Testing

/// A broken configuration file is refused at start-up with every problem listed at once,
/// before any backend is opened, and without the password it was given.
@Suite(.enabled(if: IntegrationServers.isEnabled, IntegrationServers.disabledReason), .timeLimit(.minutes(2)))
struct ConfigurationErrorTests {
    @Test func everyMistakeInTheFileIsReportedTogetherInOneConfigurationError() async throws {
        try await withScenario { scenario in
            let password = try #require(IntegrationServers.postgresPassword)
            let configuration = """
                {
                  "backends": [
                    { "name": "pg", "url": "${SWITCHYARD_TEST_POSTGRES_URL}" },
                    { "name": "pg", "url": "sqlite://${E2E_DIR}/twin.db" },
                    { "name": "leaky", "url": "postgres://switchyard:\(password)@127.0.0.1:1/switchyard_test" },
                    { "name": "broken", "url": "nosuchscheme://somewhere/db" }
                  ],
                  "routing": { "rules": [{ "kind": "failover", "backends": ["pg", "ghost"] }] },
                  "processors": [{ "kind": "cahce" }]
                }
                """
            let error = await #expect(throws: SwitchyardError.self) {
                try await scenario.withRuntime(configuration) { _ in }
            }
            #expect(error?.kind == .configuration)
            let problems = error?.problems ?? []
            let expectations: [(String, String)] = [
                ("a duplicate name", "'pg' is used twice"),
                ("a password in the file", "backend 'leaky'"),
                ("a bad URL", "backend 'broken'"),
                ("a rule naming an unknown backend", "unknown backend 'ghost'"),
                ("an unknown processor kind", "unknown processor kind \"cahce\""),
            ]
            for (what, text) in expectations {
                #expect(problems.contains { $0.contains(text) }, "\(what) is not among the problems: \(problems)")
            }
            #expect(problems.contains { $0.contains("did you mean 'cache'") })
            let everything = ([error?.message ?? "", error.map { "\($0)" } ?? ""] + problems).joined(separator: "\n")
            #expect(!everything.contains(password), "the password reached the error")
        }
    }

    @Test func aBackendThatCannotBeReachedStopsStartUpWithAConnectionError() async throws {
        try await withScenario { scenario in
            let password = try #require(IntegrationServers.postgresPassword)
            // Right password, wrong port: well-formed, but nothing listens there.
            let configuration = """
                {
                  "backends": [
                    { "name": "local", "url": "sqlite://${E2E_DIR}/local.db" },
                    { "name": "nowhere", "url": "postgres://switchyard@127.0.0.1:1/switchyard_test?connect_timeout=2" }
                  ]
                }
                """
            let error = await #expect(throws: SwitchyardError.self) {
                try await scenario.withRuntime(configuration, extra: ["SWITCHYARD_BACKENDS_NOWHERE_PASSWORD": password]) { _ in }
            }
            #expect(error?.kind == .connection)
            #expect(error.map { !"\($0)".contains(password) } ?? true, "the password reached the error")
        }
    }
}
