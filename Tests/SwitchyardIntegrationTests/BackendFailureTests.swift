import Switchyard
import Testing

/// A backend killed mid-run (a private SecantusDB process): failover, the circuit breaker,
/// and partial fan-out results, configured in the file.
@Suite(.enabled(if: IntegrationServers.isEnabled, IntegrationServers.disabledReason), .timeLimit(.minutes(2)))
struct BackendFailureTests {
    static let failoverConfiguration = """
        {
          "backends": [
            { "name": "flaky", "url": "${E2E_FLAKY_URL}" },
            { "name": "docs", "url": "${E2E_MONGO_URL}" }
          ],
          "routing": {
            "rules": [{ "kind": "failover", "backends": ["flaky", "docs"] }],
            "circuitBreaker": { "failureThreshold": 3, "openFor": "1m" }
          },
          "processors": [{ "kind": "circuitBreaker" }]
        }
        """

    /// Starts a runtime over a private server (`flaky`) and the shared one (`docs`), each holding
    /// a document saying where it lives in `collection`, and runs `body` once `flaky` answers.
    private func withFlakyAndDocs(
        _ configuration: String, collections: [String] = ["items"],
        _ body: (SwitchyardRuntime, PrivateSecantusServer, IntegrationScenario) async throws -> Void
    ) async throws {
        try await withScenario { scenario in
            try await withPrivateSecantusServer { server in
                try await scenario.withRuntime(
                    configuration, extra: ["E2E_FLAKY_URL": server.url], cleanup: [("docs", scenario.dropMongoDatabase)]
                ) { runtime in
                    #expect(await runtime.waitUntilHealthy("flaky"), "the private SecantusDB never answered")
                    for collection in collections {
                        for backend in ["flaky", "docs"] {
                            try await runtime.run(
                                "db.\(scenario.name(collection)).insertOne({_id: 1, home: '\(backend)'})", language: .mongo,
                                target: .backend(backend))
                        }
                    }
                    try await body(runtime, server, scenario)
                }
            }
        }
    }

    @Test func readsFailOverToTheNextBackendWhenTheFirstIsKilledAndSaySo() async throws {
        try await withFlakyAndDocs(Self.failoverConfiguration) { runtime, server, scenario in
            let find = "db.\(scenario.name("items")).find({})"
            let before = try await runtime.rows(find, language: .mongo)
            #expect(before.result.route.targets == ["flaky"])
            #expect(before.rows.map { $0["home"] } == [.text("flaky")])
            #expect(before.result.notices.isEmpty)

            server.kill()
            let after = try await runtime.rows(find, language: .mongo)
            #expect(after.result.route.targets == ["docs"])
            #expect(after.rows.map { $0["home"] } == [.text("docs")])
            #expect(after.result.notices.contains { $0.contains("backend 'flaky' failed") })
            #expect(after.result.notices.contains { $0.contains("answered by 'docs' after failover") })
        }
    }

    @Test func theCircuitOpensAfterTheThresholdAndThenTheDeadBackendIsNotTried() async throws {
        try await withFlakyAndDocs(Self.failoverConfiguration) { runtime, server, scenario in
            let find = "db.\(scenario.name("items")).find({})"
            server.kill()
            for attempt in 1...3 {
                let status = await runtime.backendStatus().first { $0.name == "flaky" }
                #expect(status?.circuit == .closed, "the circuit opened before failure \(attempt)")
                let read = try await runtime.rows(find, language: .mongo)
                #expect(read.rows.map { $0["home"] } == [.text("docs")])
                #expect(read.result.timings.map(\.backend) == ["flaky", "docs"])
            }
            let statuses = await runtime.backendStatus()
            let flaky = try #require(statuses.first { $0.name == "flaky" })
            guard case .open = flaky.circuit else {
                Issue.record("after 3 failures the circuit of 'flaky' is \(flaky.circuit.description())")
                return
            }
            #expect(!flaky.health.isHealthy)
            #expect(statuses.first { $0.name == "docs" }?.circuit == .closed)

            // Open: the failover skips it without waiting on it, and an explicit request is refused at once.
            let read = try await runtime.rows(find, language: .mongo)
            #expect(read.result.timings.map(\.backend) == ["docs"])
            #expect(read.result.route.reason.contains("circuit open"))
            let error = await #expect(throws: SwitchyardError.self) {
                try await runtime.run(find, language: .mongo, target: .backend("flaky"))
            }
            #expect(error?.code == CircuitBreakerProcessor.openCircuitCode)
        }
    }

    /// As the REPL sends them: routed automatically, the caller's current backend the failover's
    /// first. Once the killed server is back and the circuit's open time is over, a probe finds it
    /// up, the circuit closes, and reads go to it again — the circuit-breaker processor must
    /// neither refuse these requests by their current backend nor take the half-open probe.
    @Test func aKilledBackendThatComesBackIsProbedAndAnswersReadsAgain() async throws {
        let configuration = """
            {
              "backends": [
                { "name": "flaky", "url": "${E2E_FLAKY_URL}" },
                { "name": "docs", "url": "${E2E_MONGO_URL}" }
              ],
              "routing": {
                "rules": [{ "kind": "failover", "backends": ["flaky", "docs"] }],
                "circuitBreaker": { "failureThreshold": 2, "openFor": "1s" }
              },
              "processors": [{ "kind": "circuitBreaker" }]
            }
            """
        try await withFlakyAndDocs(configuration) { runtime, server, scenario in
            let find = "db.\(scenario.name("items")).find({})"
            let atPrompt = CallerContext(currentBackend: "flaky")
            func home() async throws -> Value? {
                try await runtime.rows(find, language: .mongo, context: atPrompt).rows.first?["home"]
            }
            #expect(try await home() == .text("flaky"))

            server.kill()
            for _ in 1...2 { #expect(try await home() == .text("docs")) }
            // The failures were counted: the circuit is open — or already half-open on a loaded
            // machine, where the two failed reads can take longer than its 1 s.
            let circuit = runtime.orchestrator.breakers?.state(of: "flaky")
            let opened = if case .closed? = circuit { false } else { circuit != nil }
            #expect(opened, "2 failures left the circuit \(circuit?.description() ?? "missing")")
            // Open: answered by the next backend, not refused.
            #expect(try await home() == .text("docs"))

            try server.start()
            #expect(await runtime.waitUntilHealthy("flaky"), "the restarted server never answered")
            // SecantusDB may lose what it had not flushed when it was killed: put the document back,
            // straight on the backend (the circuit-breaker processor would refuse an explicit target).
            let restarted = try runtime.backends.backend(named: "flaky")
            for statement in ["db.\(scenario.name("items")).deleteMany({})", "db.\(scenario.name("items")).insertOne({_id: 1, home: 'flaky'})"] {
                _ = try await restarted.query(Statement(statement, language: .mongo)).collect()
            }
            let back = try await eventually(within: 20) { try await home() == .text("flaky") }
            #expect(back, "reads never went back to the restarted backend")
            #expect(runtime.orchestrator.breakers?.state(of: "flaky") == .closed)
        }
    }

    @Test func oneFailedRequestCountsAsOneFailureTowardsTheThreshold() async throws {
        try await withFlakyAndDocs(Self.failoverConfiguration) { runtime, server, scenario in
            let find = "db.\(scenario.name("items")).find({})"
            server.kill()
            for _ in 1...2 {
                let error = await #expect(throws: SwitchyardError.self) {
                    try await runtime.run(find, language: .mongo, target: .backend("flaky"))
                }
                #expect(error?.kind == .connection)
            }
            // Threshold 3: two failed requests leave the circuit closed.
            let flaky = await runtime.backendStatus().first { $0.name == "flaky" }
            #expect(flaky?.circuit == .closed, "two failures opened a circuit whose threshold is three")
        }
    }

    @Test func aFanOutWithPartialResultsAnswersFromTheLegsThatAreUpAndSaysWhichFailed() async throws {
        let configuration = """
            {
              "backends": [
                { "name": "flaky", "url": "${E2E_FLAKY_URL}" },
                { "name": "docs", "url": "${E2E_MONGO_URL}" }
              ],
              "routing": { "rules": [
                { "kind": "fanOut", "name": "lenient", "backends": ["flaky", "docs"], "tables": ["${E2E_LENIENT}"], "onLegFailure": "partial" },
                { "kind": "fanOut", "name": "strict", "backends": ["flaky", "docs"], "tables": ["${E2E_STRICT}"] }
              ] }
            }
            """
        try await withScenario { scenario in
            let lenient = scenario.name("lenient"), strict = scenario.name("strict")
            try await withPrivateSecantusServer { server in
                let extra = ["E2E_FLAKY_URL": server.url, "E2E_LENIENT": lenient, "E2E_STRICT": strict]
                try await scenario.withRuntime(configuration, extra: extra, cleanup: [("docs", scenario.dropMongoDatabase)]) { runtime in
                    #expect(await runtime.waitUntilHealthy("flaky"), "the private SecantusDB never answered")
                    for collection in [lenient, strict] {
                        for backend in ["flaky", "docs"] {
                            try await runtime.run(
                                "db.\(collection).insertOne({_id: 1, home: '\(backend)'})", language: .mongo, target: .backend(backend))
                        }
                    }
                    let whole = try await runtime.rows("db.\(lenient).find({})", language: .mongo)
                    // Both legs answer while both servers are up; if not, say what the partial policy swallowed.
                    let wholeWarnings = whole.result.notices + whole.result.rows.currentSummary.warnings
                    #expect(whole.rows.map { $0["home"] } == [.text("flaky"), .text("docs")], "\(wholeWarnings)")
                    #expect(whole.result.failedBackends.isEmpty)

                    server.kill()
                    let partial = try await runtime.rows("db.\(lenient).find({})", language: .mongo)
                    #expect(partial.rows.map { $0["home"] } == [.text("docs")])
                    #expect(partial.result.notices.contains { $0.contains("backend 'flaky' failed") && $0.contains("partial") })

                    let error = await #expect(throws: SwitchyardError.self) {
                        try await runtime.run("db.\(strict).find({})", language: .mongo)
                    }
                    #expect(error?.kind == .connection)
                    #expect(error?.backend == "flaky")
                }
            }
        }
    }

    @Test func aLegFailingInPartialFanOutsStillOpensItsCircuit() async throws {
        let configuration = """
            {
              "backends": [
                { "name": "flaky", "url": "${E2E_FLAKY_URL}" },
                { "name": "docs", "url": "${E2E_MONGO_URL}" }
              ],
              "routing": {
                "rules": [{ "kind": "fanOut", "backends": ["flaky", "docs"], "onLegFailure": "partial" }],
                "circuitBreaker": { "failureThreshold": 2, "openFor": "1m" }
              },
              "processors": [{ "kind": "circuitBreaker" }]
            }
            """
        try await withFlakyAndDocs(configuration) { runtime, server, scenario in
            server.kill()
            for _ in 1...3 {
                let partial = try await runtime.rows("db.\(scenario.name("items")).find({})", language: .mongo)
                #expect(partial.rows.map { $0["home"] } == [.text("docs")])
            }
            let flaky = await runtime.backendStatus().first { $0.name == "flaky" }
            let isOpen = if case .open? = flaky?.circuit { true } else { false }
            #expect(isOpen, "3 failed legs left the circuit \(flaky?.circuit.description() ?? "missing")")
        }
    }
}
