import Switchyard
import Testing

/// Processors from the file — the result cache, the audit log, per-backend processors —
/// acting on requests routed to the real servers.
@Suite(.enabled(if: IntegrationServers.isEnabled, IntegrationServers.disabledReason), .timeLimit(.minutes(2)))
struct ProcessorPipelineTests {
    @Test func aRepeatedReadIsServedFromTheCacheUntilAWriteToItsTable() async throws {
        try await withScenario { scenario in
            let table = scenario.name("cached")
            let configuration = """
                {
                  "backends": [{ "name": "pg", "url": "${SWITCHYARD_TEST_POSTGRES_URL}" }],
                  "processors": [{ "kind": "cache", "ttl": "5m", "maxEntries": 10 }]
                }
                """
            try await scenario.withRuntime(configuration, cleanup: [("pg", Statement("DROP TABLE IF EXISTS \(table)"))]) { runtime in
                let cache = try #require(runtime.processor(ResultCache.self))
                try await runtime.run("CREATE TABLE \(table) (id int PRIMARY KEY, label text)")
                try await runtime.run("INSERT INTO \(table) VALUES (1, 'first')")
                let select = "SELECT label FROM \(table) WHERE id = $1"

                let miss = try await runtime.rows(select, [1])
                #expect(!miss.result.notices.contains { $0.hasPrefix("cache hit") })
                #expect(await eventually { cache.entryCount == 1 })

                // Changed behind the pipeline's back: a hit still shows the stored rows, proving no query ran.
                _ = try await runtime.backends.backend(named: "pg").execute(Statement("UPDATE \(table) SET label = 'sneaky' WHERE id = 1"))
                let hit = try await runtime.rows(select, [1])
                #expect(hit.result.notices.contains { $0.hasPrefix("cache hit") })
                #expect(hit.rows.map { $0["label"] } == [.text("first")])
                #expect(hit.result.route.targets == ["pg"])

                // Different bindings are a different entry.
                let other = try await runtime.rows(select, [2])
                #expect(!other.result.notices.contains { $0.hasPrefix("cache hit") })

                // A write through the pipeline to the same table forgets its reads.
                try await runtime.run("UPDATE \(table) SET label = 'second' WHERE id = 1")
                let fresh = try await runtime.rows(select, [1])
                #expect(!fresh.result.notices.contains { $0.hasPrefix("cache hit") })
                #expect(fresh.rows.map { $0["label"] } == [.text("second")])
            }
        }
    }

    @Test func theAuditLogRecordsEveryStatementWithBindingsRedacted() async throws {
        try await withScenario { scenario in
            let table = scenario.name("audited")
            let configuration = """
                {
                  "backends": [
                    { "name": "pg", "url": "${SWITCHYARD_TEST_POSTGRES_URL}" },
                    { "name": "local", "url": "sqlite://${E2E_DIR}/audit.db" }
                  ],
                  "defaultBackend": "pg",
                  "processors": [{ "kind": "audit", "backend": "local" }]
                }
                """
            try await scenario.withRuntime(configuration, cleanup: [("pg", Statement("DROP TABLE IF EXISTS \(table)"))]) { runtime in
                let audit = try #require(runtime.processor(AuditProcessor.self))
                let caller = CallerContext(user: "alice", tenant: "acme", correlationID: "c-e2e-\(scenario.suffix)")
                try await runtime.run("CREATE TABLE \(table) (id int, secret text)", context: caller)
                try await runtime.run("INSERT INTO \(table) VALUES ($1, $2), ($3, $4)", [1, "hunter2", 2, "swordfish"], context: caller)
                try await runtime.run("SELECT id FROM \(table) WHERE secret <> $1", ["x"], context: caller)
                await #expect(throws: SwitchyardError.self) {
                    try await runtime.run("SELECT nothing FROM \(table)_missing", context: caller)
                }
                await audit.log.flush()

                let records = try await runtime.rows(
                    "SELECT backend, statement, bindings, username, tenant, outcome, rows, duration_us, error FROM switchyard_audit WHERE correlation_id = $1 ORDER BY started_at, rowid",
                    [.text(caller.correlationID)], target: .backend("local")
                ).rows
                #expect(records.count == 4)
                guard records.count == 4 else { return }
                #expect(records.map { $0["backend"] } == [.text("pg"), "pg", "pg", "pg"])
                #expect(records.map { $0["outcome"] } == [.text("ok"), "ok", "ok", "error"])
                #expect(records.map { $0["rows"] } == [.int(0), 2, 2, 0])
                #expect(records[1]["statement"] == .text("INSERT INTO \(table) VALUES ($1, $2), ($3, $4)"))
                #expect(records[1]["bindings"] == .text("[***, ***, ***, ***]"))
                #expect(records.allSatisfy { $0["username"] == .text("alice") && $0["tenant"] == .text("acme") })
                #expect(records.allSatisfy { if case .int(let us)? = $0["duration_us"] { us > 0 } else { false } })
                #expect(records[3]["error"].map { "\($0)".contains("does not exist") } == true)
                let everything = records.map { "\($0)" }.joined()
                #expect(!everything.contains("hunter2") && !everything.contains("swordfish"))
            }
        }
    }

    @Test func aBackendsOwnProcessorsActOnLegsRoutedToItByARule() async throws {
        try await withScenario { scenario in
            let table = scenario.name("people")
            let plain = """
                {
                  "backends": [
                    { "name": "pg", "url": "${SWITCHYARD_TEST_POSTGRES_URL}" },
                    { "name": "local", "url": "sqlite://${E2E_DIR}/local.db" }
                  ]
                }
                """
            // `pg` masks e-mail addresses in what it returns; `local` only takes reads.
            let guarded = """
                {
                  "backends": [
                    { "name": "pg", "url": "${SWITCHYARD_TEST_POSTGRES_URL}", "tenants": ["acme"],
                      "processors": [{ "kind": "redact", "columns": ["email"] }] },
                    { "name": "local", "url": "sqlite://${E2E_DIR}/local.db", "tenants": ["globex"],
                      "processors": [{ "kind": "allowList", "operations": ["SELECT"] }] }
                  ],
                  "routing": { "rules": [
                    { "kind": "fanOut", "backends": ["pg", "local"], "tables": ["\(table)"] },
                    { "kind": "tenant" }
                  ] }
                }
                """
            try await scenario.withRuntime(plain) { runtime in
                for backend in ["pg", "local"] {
                    try await runtime.run("CREATE TABLE \(table) (id INTEGER, email TEXT)", target: .backend(backend))
                    try await runtime.run("INSERT INTO \(table) VALUES (1, '\(backend)@example.com')", target: .backend(backend))
                }
            }
            try await scenario.withRuntime(guarded, cleanup: [("pg", Statement("DROP TABLE IF EXISTS \(table)"))]) { runtime in
                let (rows, _) = try await runtime.rows("SELECT id, email FROM \(table) ORDER BY id")
                #expect(rows.map { $0["backend"] } == [.text("pg"), "local"])
                #expect(rows.map { $0["email"] } == [ColumnRedaction.mask, .text("local@example.com")])

                let insert = "INSERT INTO \(table) VALUES (2, 'new@example.com')"
                try await runtime.run(insert, context: CallerContext(tenant: "acme"))
                let refused = await #expect(throws: SwitchyardError.self) {
                    try await runtime.run(insert, context: CallerContext(tenant: "globex"))
                }
                #expect(refused?.kind == .rejected)
                let count = try await runtime.rows("SELECT count(*) AS n FROM \(table)", target: .backend("local"))
                #expect(count.rows.first?["n"] == .int(1))
            }
        }
    }
}
