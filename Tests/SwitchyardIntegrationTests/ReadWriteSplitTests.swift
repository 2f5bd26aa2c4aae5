import Switchyard
import Testing

/// The statement-kind rule against a real primary and its streaming replica.
@Suite(.enabled(if: IntegrationServers.isEnabled, IntegrationServers.disabledReason), .timeLimit(.minutes(2)))
struct ReadWriteSplitTests {
    static let configuration = """
        {
          "backends": [
            { "name": "primary", "url": "${SWITCHYARD_TEST_POSTGRES_URL}", "role": "primary" },
            { "name": "replica", "url": "${SWITCHYARD_TEST_POSTGRES_REPLICA_URL}", "role": "replica" }
          ],
          "routing": { "rules": [{ "kind": "statementKind" }] }
        }
        """

    @Test func writesGoToThePrimaryAndReadsToTheReplicaWhichSeesTheWrittenRows() async throws {
        try await withScenario { scenario in
            let table = scenario.name("split")
            try await scenario.withRuntime(Self.configuration, cleanup: [("primary", Statement("DROP TABLE IF EXISTS \(table)"))]) { runtime in
                let create = try await runtime.run("CREATE TABLE \(table) (id int PRIMARY KEY, label text)")
                #expect(create.route.targets == ["primary"])
                let insert = try await runtime.run("INSERT INTO \(table) VALUES ($1, $2), ($3, $4)", [1, "one", 2, "two"])
                #expect(insert.route.targets == ["primary"])

                // The replica replays the primary's WAL shortly after; until then the table is missing or empty.
                let replicated = await eventually {
                    let read = try? await runtime.rows("SELECT id, label FROM \(table) ORDER BY id")
                    return read?.rows.map { $0["label"] } == [.text("one"), .text("two")]
                }
                #expect(replicated, "the rows written on the primary never showed on the replica")
                let read = try await runtime.rows("SELECT count(*) AS n FROM \(table)")
                #expect(read.result.route.targets == ["replica"])
                #expect(read.rows.first?["n"] == .int(2))
            }
        }
    }

    @Test func theReplicaRefusesAWriteSentToItExplicitly() async throws {
        try await withScenario { scenario in
            let table = scenario.name("refused")
            try await scenario.withRuntime(Self.configuration, cleanup: [("primary", Statement("DROP TABLE IF EXISTS \(table)"))]) { runtime in
                let error = await #expect(throws: SwitchyardError.self) {
                    try await runtime.run("CREATE TABLE \(table) (id int)", target: .backend("replica"))
                }
                #expect(error?.kind == .readOnly)
                #expect(error?.backend == "replica")
                if let password = IntegrationServers.postgresPassword {
                    #expect(error.map { !"\($0)".contains(password) } ?? true)
                }
                // The primary did not get it either: the explicit target won over the statement-kind rule.
                let exists = try await runtime.rows("SELECT to_regclass($1) IS NOT NULL AS present", [.text(table)], target: .backend("primary"))
                #expect(exists.rows.first?["present"] == .bool(false))
            }
        }
    }

    @Test func aStoppedReplicaOpensItsCircuitAndReadsThenGoToThePrimary() async throws {
        let configuration = """
            {
              "backends": [
                { "name": "primary", "url": "${SWITCHYARD_TEST_POSTGRES_URL}", "role": "primary" },
                { "name": "standby", "url": "${E2E_STANDBY_URL}?connect_timeout=2", "role": "replica" }
              ],
              "routing": {
                "rules": [{ "kind": "statementKind" }],
                "circuitBreaker": { "failureThreshold": 2, "openFor": "1m" }
              }
            }
            """
        try await withScenario { scenario in
            let table = scenario.name("standby")
            try await withPrivatePostgresReplica { replica, url in
                let cleanup: [(backend: String, statement: Statement)] = [("primary", Statement("DROP TABLE IF EXISTS \(table)"))]
                try await scenario.withRuntime(configuration, extra: ["E2E_STANDBY_URL": url], cleanup: cleanup) { runtime in
                    try await runtime.run("CREATE TABLE \(table) AS SELECT 1 AS id")
                    let replicated = await eventually {
                        (try? await runtime.rows("SELECT id FROM \(table)"))?.rows.count == 1
                    }
                    #expect(replicated, "the private replica never caught up")
                    #expect(try await runtime.run("SELECT id FROM \(table)").route.targets == ["standby"])

                    await replica.stopped()
                    for _ in 1...2 {
                        let error = await #expect(throws: SwitchyardError.self) { try await runtime.run("SELECT id FROM \(table)") }
                        #expect(error?.kind == .connection)
                        #expect(error?.backend == "standby")
                    }
                    let standby = await runtime.backendStatus().first { $0.name == "standby" }
                    guard case .open? = standby?.circuit else {
                        Issue.record("after 2 failures the standby's circuit is \(standby?.circuit.description() ?? "missing")")
                        return
                    }
                    #expect(standby?.health.isHealthy == false)
                    let read = try await runtime.rows("SELECT id FROM \(table)")
                    #expect(read.result.route.targets == ["primary"])
                    #expect(read.result.route.reason.contains("no replica is available"))
                    #expect(read.rows.map { $0["id"] } == [.int(1)])
                }
            }
        }
    }
}
