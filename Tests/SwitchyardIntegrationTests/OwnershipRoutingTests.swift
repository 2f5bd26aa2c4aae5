import Switchyard
import Testing

/// The ownership rule: each table or collection goes to the backend whose catalog holds it.
@Suite(.enabled(if: IntegrationServers.isEnabled, IntegrationServers.disabledReason), .timeLimit(.minutes(2)))
struct OwnershipRoutingTests {
    static let configuration = """
        {
          "backends": [
            { "name": "pg", "url": "${SWITCHYARD_TEST_POSTGRES_URL}" },
            { "name": "docs", "url": "${E2E_MONGO_URL}" },
            { "name": "local", "url": "sqlite://${E2E_DIR}/local.db" }
          ],
          "defaultBackend": "local",
          "routing": { "rules": [{ "kind": "ownership" }] }
        }
        """

    @Test func eachTableGoesToTheBackendThatHoldsItWhateverItsLanguage() async throws {
        try await withScenario { scenario in
            let orders = scenario.name("orders"), events = scenario.name("events"), notes = scenario.name("notes")
            let cleanup: [(backend: String, statement: Statement)] = [
                ("pg", Statement("DROP TABLE IF EXISTS \(orders)")), ("docs", scenario.dropMongoDatabase),
            ]
            // Made in one run, learned from the catalogs when the next run starts.
            try await scenario.withRuntime(Self.configuration) { runtime in
                try await runtime.run("CREATE TABLE \(orders) (id int, total int)", target: .backend("pg"))
                try await runtime.run("INSERT INTO \(orders) VALUES (1, 250)", target: .backend("pg"))
                try await runtime.run("db.\(events).insertOne({_id: 1, kind: 'login'})", language: .mongo, target: .backend("docs"))
                try await runtime.run("CREATE TABLE \(notes) (id INTEGER, body TEXT)", target: .backend("local"))
                try await runtime.run("INSERT INTO \(notes) VALUES (1, 'hello')", target: .backend("local"))
            }
            try await scenario.withRuntime(Self.configuration, cleanup: cleanup) { runtime in
                let order = try await runtime.rows("SELECT total FROM \(orders)")
                #expect(order.result.route.targets == ["pg"])
                #expect(order.rows.first?["total"] == .int(250))

                let event = try await runtime.rows("db.\(events).find({})", language: .mongo)
                #expect(event.result.route.targets == ["docs"])
                #expect(event.rows.first?["kind"] == .text("login"))

                let note = try await runtime.rows("SELECT body FROM \(notes)")
                #expect(note.result.route.targets == ["local"])
                #expect(note.rows.first?["body"] == .text("hello"))
                #expect(note.result.route.reason.contains("owns"))
            }
        }
    }

    @Test func aTableCreatedThroughSwitchyardRoutesToItsOwnerAtOnce() async throws {
        try await withScenario { scenario in
            let fresh = scenario.name("fresh")
            try await scenario.withRuntime(Self.configuration, cleanup: [("pg", Statement("DROP TABLE IF EXISTS \(fresh)"))]) { runtime in
                try await runtime.run("CREATE TABLE \(fresh) AS SELECT 7 AS id", target: .backend("pg"))
                let read = try await runtime.rows("SELECT id FROM \(fresh)")
                #expect(read.result.route.targets == ["pg"])
                #expect(read.rows.map { $0["id"] } == [.int(7)])
            }
        }
    }

    @Test func aTableCreatedBehindSwitchyardsBackRoutesToItsOwnerOnceOwnershipIsRefreshed() async throws {
        try await withScenario { scenario in
            let late = scenario.name("late")
            try await scenario.withRuntime(Self.configuration, cleanup: [("pg", Statement("DROP TABLE IF EXISTS \(late)"))]) { runtime in
                // Straight to the backend, as another program would: the pipeline never sees it.
                let pg = try runtime.backends.backend(named: "pg")
                _ = try await pg.execute(Statement("CREATE TABLE \(late) AS SELECT 7 AS id"))
                let select = QueryRequest(Statement("SELECT id FROM \(late)"))

                // Not yet known: the default backend would get it.
                #expect(try await runtime.orchestrator.explain(select).targets == ["local"])

                let failures = await runtime.refreshOwnership()
                #expect(failures.isEmpty)
                #expect(try await runtime.orchestrator.explain(select).targets == ["pg"])
                let read = try await runtime.rows("SELECT id FROM \(late)")
                #expect(read.result.route.targets == ["pg"])
                #expect(read.rows.map { $0["id"] } == [.int(7)])
            }
        }
    }
}
