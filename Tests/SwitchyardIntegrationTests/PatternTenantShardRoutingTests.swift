import Switchyard
import Testing

/// Pattern, tenant and shard rules, configured in the file, against PostgreSQL and SQLite.
@Suite(.enabled(if: IntegrationServers.isEnabled, IntegrationServers.disabledReason), .timeLimit(.minutes(2)))
struct PatternTenantShardRoutingTests {
    /// Creates `table` (id, origin) on both backends, each row saying where it lives.
    private func createOnBoth(_ table: String, _ runtime: SwitchyardRuntime) async throws {
        for backend in ["pg", "local"] {
            try await runtime.run("CREATE TABLE \(table) (id INTEGER PRIMARY KEY, origin TEXT)", target: .backend(backend))
            try await runtime.run("INSERT INTO \(table) VALUES (0, '\(backend)')", target: .backend(backend))
        }
    }

    @Test func patternRulesSendMatchingStatementsByRegexOrKeyword() async throws {
        try await withScenario { scenario in
            let reports = scenario.name("report"), archive = scenario.name("archive"), other = scenario.name("other")
            let configuration = """
                {
                  "backends": [
                    { "name": "pg", "url": "${SWITCHYARD_TEST_POSTGRES_URL}" },
                    { "name": "local", "url": "sqlite://${E2E_DIR}/local.db" }
                  ],
                  "defaultBackend": "local",
                  "routing": { "rules": [
                    { "kind": "pattern", "name": "reports", "regex": "(?i)^select .* from e2e_report_", "backends": ["pg"] },
                    { "kind": "pattern", "name": "cold", "keywords": ["COLDSTORE"], "backends": ["local"] }
                  ] }
                }
                """
            let cleanup = [reports, archive, other].map { (backend: "pg", statement: Statement("DROP TABLE IF EXISTS \($0)")) }
            try await scenario.withRuntime(configuration, cleanup: cleanup) { runtime in
                for table in [reports, archive, other] { try await createOnBoth(table, runtime) }

                let report = try await runtime.rows("SELECT origin FROM \(reports)")
                #expect(report.result.route.targets == ["pg"])
                #expect(report.rows.first?["origin"] == .text("pg"))
                #expect(report.result.route.trace.last?.rule == "reports")

                // A keyword matches as a whole word, in any case, anywhere (here in a comment).
                let cold = try await runtime.rows("SELECT origin FROM \(archive) /* coldstore */")
                #expect(cold.result.route.targets == ["local"])
                #expect(cold.result.route.trace.last?.rule == "cold")

                // Neither matches: the default decides; the regex is anchored at the start.
                let plain = try await runtime.rows("WITH x AS (SELECT origin FROM \(reports)) SELECT origin FROM x")
                #expect(plain.result.route.targets == ["local"])
                #expect(plain.rows.first?["origin"] == .text("local"))
            }
        }
    }

    @Test func eachTenantsRequestsGoToTheBackendListingIt() async throws {
        try await withScenario { scenario in
            let table = scenario.name("tenant")
            let configuration = """
                {
                  "backends": [
                    { "name": "pg", "url": "${SWITCHYARD_TEST_POSTGRES_URL}", "tenants": ["acme", "initech"] },
                    { "name": "local", "url": "sqlite://${E2E_DIR}/local.db", "tenants": ["globex"] }
                  ],
                  "defaultBackend": "local",
                  "routing": { "rules": [{ "kind": "tenant" }] }
                }
                """
            try await scenario.withRuntime(configuration, cleanup: [("pg", Statement("DROP TABLE IF EXISTS \(table)"))]) { runtime in
                try await createOnBoth(table, runtime)
                let expected = ["acme": "pg", "initech": "pg", "globex": "local"]
                for (tenant, backend) in expected {
                    let read = try await runtime.rows("SELECT origin FROM \(table)", context: CallerContext(tenant: tenant))
                    #expect(read.result.route.targets == [backend], "tenant \(tenant)")
                    #expect(read.rows.first?["origin"] == .text(backend), "tenant \(tenant)")
                }
                // A tenant nobody lists, and no tenant at all, fall to the default.
                let stranger = try await runtime.run("SELECT origin FROM \(table)", context: CallerContext(tenant: "umbrella"))
                #expect(stranger.route.targets == ["local"])
            }
        }
    }

    @Test func shardKeysSpreadRowsAcrossTheGroupAndTheSameKeyAlwaysFindsItsRow() async throws {
        try await withScenario { scenario in
            let table = scenario.name("shard")
            let configuration = """
                {
                  "backends": [
                    { "name": "pg", "url": "${SWITCHYARD_TEST_POSTGRES_URL}", "shard": "users" },
                    { "name": "local", "url": "sqlite://${E2E_DIR}/local.db", "shard": "users" }
                  ],
                  "routing": { "rules": [{ "kind": "shard", "keyBinding": 1, "group": "users" }] }
                }
                """
            try await scenario.withRuntime(configuration, cleanup: [("pg", Statement("DROP TABLE IF EXISTS \(table)"))]) { runtime in
                for backend in ["pg", "local"] {
                    try await runtime.run("CREATE TABLE \(table) (id INTEGER PRIMARY KEY, name TEXT)", target: .backend(backend))
                }
                var placed: [Int: String] = [:]
                for id in 1...24 {
                    let insert = try await runtime.run("INSERT INTO \(table) (id, name) VALUES ($1, $2)", [.int(Int64(id)), .text("user \(id)")])
                    placed[id] = insert.route.targets.joined(separator: ",")
                }
                #expect(Set(placed.values) == ["pg", "local"], "24 keys should land on both shards")

                for (id, backend) in placed {
                    // The same key routes the same way, and the row is really there (and only there).
                    let read = try await runtime.rows("SELECT name FROM \(table) WHERE id = $1", [.int(Int64(id))])
                    #expect(read.result.route.targets == [backend])
                    #expect(read.rows.map { $0["name"] } == [.text("user \(id)")])
                }
                for backend in ["pg", "local"] {
                    let count = try await runtime.rows("SELECT count(*) AS n FROM \(table)", target: .backend(backend))
                    #expect(count.rows.first?["n"] == .int(Int64(placed.values.filter { $0 == backend }.count)))
                }
            }
        }
    }
}
