import Foundation
import Switchyard
import SwitchyardSQLite
import Testing

/// Start-up from a configuration file, on real SQLite files.
@Suite("Runtime from configuration")
struct RuntimeConfigurationTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchyard-runtime-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    private func start(_ json: String, environment: [String: String] = [:]) async throws -> SwitchyardRuntime {
        let text = json.replacingOccurrences(of: "DIR", with: directory.path)
        let configuration = try SwitchyardConfiguration.parse(text, environment: environment)
        return try await SwitchyardRuntime.start(configuration, drivers: DriverRegistry([SQLiteDriver()]))
    }

    @Test("configuration problems come together in one error, before any database is opened")
    func problemsBeforeConnecting() async throws {
        let json = """
            { "backends": [
                { "name": "a", "url": "sqlite:DIR/a.db" }, { "name": "a", "url": "sqlite:DIR/b.db" },
                { "name": "c", "url": "nonsense" }, { "name": "d", "url": "mysql://x@h/db" } ],
              "defaultBackend": "z",
              "routing": { "rules": [ { "kind": "failover", "backends": ["a", "ghost"] }, { "kind": "statementKind" } ] },
              "processors": [ { "kind": "audit", "backend": "nowhere" } ] }
            """
        let error = await #expect(throws: SwitchyardError.self) { _ = try await start(json) }
        let problems = error?.problems ?? []
        #expect(error?.kind == .configuration)
        #expect(problems.contains("backend 'a': the name 'a' is used twice"))
        #expect(problems.contains { $0.hasPrefix("backend 'c': 'nonsense' is not a backend URL") })
        #expect(problems.contains { $0.hasPrefix("backend 'd':") && $0.contains("mysql") })
        #expect(problems.contains { $0.hasPrefix("defaultBackend: unknown backend 'z'") })
        #expect(problems.contains { $0.hasPrefix("routing.rules[0]: unknown backend 'ghost'") })
        #expect(problems.contains("routing.rules[1]: no \"primary\" given and no backend has \"role\": \"primary\""))
        #expect(problems.contains { $0.hasPrefix("processors: audit: unknown backend 'nowhere'") })
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("a.db").path))
    }

    @Test("each rule's problem names its own place in the file, after rules that could not be read")
    func ruleProblemsNameTheirOwnIndex() async throws {
        let json = """
            { "backends": [ { "name": "a", "url": "sqlite:DIR/a.db" } ],
              "routing": { "rules": [
                { "kind": "fanout", "backends": ["a"] },
                { "kind": "failover", "backends": ["a", "ghost"] },
                "not a rule",
                { "kind": "statementKind", "name": "split" },
                { "kind": "ownership" },
                { "kind": "pattern", "keywords": ["report"], "backends": ["phantom"] } ] } }
            """
        let error = await #expect(throws: SwitchyardError.self) { _ = try await start(json) }
        let problems = error?.problems ?? []
        #expect(problems.contains { $0.hasPrefix("routing.rules[0].kind: unknown rule kind \"fanout\"") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("routing.rules[1]: unknown backend 'ghost'") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("routing.rules[2]: expected an object") }, "\(problems)")
        #expect(problems.contains("routing.rules[3] ('split'): no \"primary\" given and no backend has \"role\": \"primary\""), "\(problems)")
        #expect(problems.contains("routing.rules[3] ('split'): no \"replicas\" given and no backend has \"role\": \"replica\""), "\(problems)")
        #expect(problems.contains { $0.hasPrefix("routing.rules[5]: unknown backend 'phantom'") }, "\(problems)")
        #expect(problems.count == 6, "\(problems)")
    }

    @Test("an unnamed backend's problem names its own place in the file, after backends that could not be read")
    func backendProblemsNameTheirOwnIndex() throws {
        let json = """
            { "backends": [
                { "name": "a" },
                { "url": "nosuch://x" },
                { "url": "sqlite:DIR/ok.db", "processors": [ { "kind": "audit", "backend": "ghost" } ] } ] }
            """
        let configuration = try SwitchyardConfiguration.parse(json.replacingOccurrences(of: "DIR", with: directory.path))
        let problems = configuration.problems(drivers: DriverRegistry([SQLiteDriver()]))
        #expect(problems.contains("backends[0].url: missing (a string)"), "\(problems)")
        #expect(problems.contains { $0.hasPrefix("backends[1]: no adapter serves 'nosuch:' URLs") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("backends[2] audit processor: unknown backend 'ghost'") }, "\(problems)")
        #expect(problems.count == 3, "\(problems)")
    }

    @Test("a good rule after one that could not be read starts and routes")
    func aGoodRuleAfterABadOneIsNotBlamed() throws {
        let json = """
            { "backends": [ { "name": "a", "url": "sqlite:DIR/a.db" }, { "name": "b", "url": "sqlite:DIR/b.db" } ],
              "routing": { "rules": [ { "kind": "shard" }, { "kind": "failover", "backends": ["b", "a"] } ] } }
            """
        let configuration = try SwitchyardConfiguration.parse(json.replacingOccurrences(of: "DIR", with: directory.path))
        let problems = configuration.problems(drivers: DriverRegistry([SQLiteDriver()]))
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.hasPrefix("routing.rules[0]: a shard rule needs exactly one of") == true, "\(problems)")
        #expect(configuration.routing.rules == [RuleEntry(.failover(backends: ["b", "a"], includeWrites: false))])
    }

    @Test("a backend's own processors act on legs a rule routes there, and only there")
    func perBackendProcessorsApplyAfterRouting() async throws {
        let runtime = try await start("""
            { "backends": [
                { "name": "live", "url": "sqlite:DIR/live.db" },
                { "name": "archive", "url": "sqlite:DIR/archive.db", "processors": [ { "kind": "readOnly" } ] } ],
              "routing": { "rules": [ { "kind": "ownership" } ] } }
            """)
        defer { Task { await runtime.shutdown() } }
        // Tables created directly on each backend, then ownership relearned.
        _ = try await runtime.orchestrator.run(QueryRequest(Statement("CREATE TABLE events (id INTEGER)"), target: .backend("live"))).rows.collect()
        _ = try await runtime.backends.backend(named: "archive").execute(Statement("CREATE TABLE old_events (id INTEGER)"))
        let failures = await runtime.refreshOwnership()
        #expect(failures.isEmpty)

        let live = try await runtime.orchestrator.run("INSERT INTO events VALUES (1)")
        #expect(live.route.targets == ["live"])
        _ = try await live.rows.collect()
        let error = await #expect(throws: SwitchyardError.self) {
            _ = try await runtime.orchestrator.run("INSERT INTO old_events VALUES (1)").rows.collect()
        }
        #expect(error?.kind == .readOnly)
        let read = try await runtime.orchestrator.run("SELECT count(*) FROM old_events")
        #expect(read.route.targets == ["archive"])
        let count = try await read.rows.collect().first?[0]
        #expect(count == .int(0))
    }

    @Test("the audit processor from the file writes every statement to its backend's table")
    func auditFromConfiguration() async throws {
        let runtime = try await start("""
            { "backends": [ { "name": "app", "url": "sqlite:DIR/app.db" }, { "name": "audit", "url": "sqlite:DIR/audit.db" } ],
              "defaultBackend": "app",
              "processors": [ { "kind": "audit", "backend": "audit" } ] }
            """)
        defer { Task { await runtime.shutdown() } }
        _ = try await runtime.orchestrator.run("CREATE TABLE t (x INTEGER)").rows.collect()
        _ = try await runtime.orchestrator.run("INSERT INTO t VALUES ($1)", [.int(42)]).rows.collect()
        _ = try await runtime.orchestrator.run("SELECT * FROM main.t").rows.collect()
        let audit = try runtime.backends.backend(named: "audit")
        var rows: [Row] = []
        for _ in 0..<100 {
            rows = try await audit.query(
                Statement("SELECT backend, statement, bindings, outcome, rows, schema_name FROM switchyard_audit ORDER BY started_at"),
                options: .init()).collect()
            if rows.count >= 3 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(rows.count == 3)
        #expect(rows[1][0] == .text("app"))
        #expect(rows[1][1] == .text("INSERT INTO t VALUES ($1)"))
        #expect(rows[1][2] == .text("[***]"))
        #expect(rows[1][3] == .text("ok"))
        #expect(rows[1][4] == .int(1))
        #expect(rows[1][5] == .null)
        #expect(rows[2][5] == .text("main"))
    }

    @Test("shutting down saves the audit records still queued before closing their backend")
    func shutdownFlushesTheAuditLog() async throws {
        let runtime = try await start("""
            { "backends": [ { "name": "app", "url": "sqlite:DIR/app.db" }, { "name": "audit", "url": "sqlite:DIR/audit.db" } ],
              "defaultBackend": "app", "processors": [ { "kind": "audit", "backend": "audit" } ] }
            """)
        for n in 0..<50 { _ = try await runtime.orchestrator.run("SELECT \(n)").rows.collect() }
        await runtime.shutdown()
        let reopened = try await SQLiteBackend.open(name: "check", url: "sqlite:\(directory.path)/audit.db")
        let count = try await reopened.query(Statement("SELECT count(*) FROM switchyard_audit"), options: .init()).collect().first?[0]
        await reopened.shutdown()
        #expect(count == .int(50))
    }

    @Test("backend status shows each backend's role, health and circuit")
    func backendStatusShowsRoleHealthAndCircuit() async throws {
        let runtime = try await start("""
            { "backends": [ { "name": "main", "url": "sqlite:DIR/main.db", "role": "primary" },
                            { "name": "copy", "url": "sqlite:DIR/copy.db", "role": "replica" } ],
              "routing": { "rules": [ { "kind": "statementKind" } ], "circuitBreaker": { "failureThreshold": 1, "openFor": "1m" } } }
            """)
        defer { Task { await runtime.shutdown() } }
        runtime.orchestrator.breakers?.recordFailure("copy")
        let status = await runtime.backendStatus()
        #expect(status.map(\.name) == ["main", "copy"])
        #expect(status.map(\.role) == ["primary", "replica"])
        #expect(status.filter { !$0.health.isHealthy }.isEmpty)
        #expect(status[0].circuit == .closed)
        #expect(status[1].circuit.description().hasPrefix("open"))
        // With the replica's circuit open, reads go to the primary instead.
        let read = try await runtime.orchestrator.run("SELECT 1")
        #expect(read.route.targets == ["main"])
    }
}
