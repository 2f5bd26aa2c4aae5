import Switchyard

/// The Switchyard side of W1 and W2, the same for every backend: only how a statement is
/// run differs (the backend itself, or the full orchestrator).
enum AdapterPaths {
    typealias Runner = @Sendable (Statement) async throws -> ResultSet

    /// Sequential lookups, one statement per id, every row read; per-lookup latency recorded.
    static func lookups(ids: [Int64], statement: @escaping @Sendable (Int64) -> Statement, run: @escaping Runner)
        -> @Sendable () async throws -> PathRun
    {
        {
            var latencies = [UInt64](repeating: 0, count: ids.count)
            var checksum: Int64 = 0
            for (index, id) in ids.enumerated() {
                let start = Nanoseconds.now()
                for try await row in try await run(statement(id)) { checksum &+= Items.checksum(row) }
                latencies[index] = Nanoseconds.now() - start
            }
            return PathRun(operations: ids.count, checksum: checksum, latenciesNanoseconds: latencies)
        }
    }

    /// Lookups through a repository (`find(id:)`, decoding each row into an ``Item``).
    static func repositoryLookups(ids: [Int64], repository: BackendRepository<Item>) -> @Sendable () async throws -> PathRun {
        {
            var latencies = [UInt64](repeating: 0, count: ids.count)
            var checksum: Int64 = 0
            for (index, id) in ids.enumerated() {
                let start = Nanoseconds.now()
                if let item = try await repository.find(id: id) { checksum &+= item.id + Int64(item.age) }
                latencies[index] = Nanoseconds.now() - start
            }
            return PathRun(operations: ids.count, checksum: checksum, latenciesNanoseconds: latencies)
        }
    }

    /// One statement reading every row; each row's values are touched.
    /// `repeats` scans per run, so a quick-mode table still gives a run long enough to time.
    static func scan(_ statement: Statement, repeats: Int, run: @escaping Runner) -> @Sendable () async throws -> PathRun {
        {
            var rows = 0
            var checksum: Int64 = 0
            for _ in 0..<repeats {
                for try await row in try await run(statement) {
                    rows += 1
                    checksum &+= Items.checksum(row)
                }
            }
            return PathRun(operations: rows, checksum: checksum)
        }
    }

    /// The full pipeline a service would run: read-only guard, row limit and metrics,
    /// then the router, then the backend(s). `processors: false` leaves the chain empty,
    /// for the diagnostic path that splits the orchestrator's own cost from its processors';
    /// `timeout` adds a ``TimeoutProcessor`` (never reached), for the one that measures it.
    static func orchestrator(
        _ backends: [any Backend], defaultBackend: String, processors: Bool = true, timeout: Duration? = nil,
        configuredRules: Bool = false
    ) throws -> Orchestrator {
        var chain: [any DataProcessor] = []
        if processors {
            chain = [
                ReadOnlyGuard(classifiers: [.mongo: MongoClassification.classify]),
                RowLimitProcessor(limit: 10_000_000), MetricsProcessor(),
            ]
        }
        if let timeout { chain.append(TimeoutProcessor(limit: timeout)) }
        let fallback = TargetRouter(defaultBackend: defaultBackend)
        // What a configuration without rules builds (`SwitchyardRuntime`): an explicit-target rule, then the fallback.
        let router: any Router = configuredRules ? RuleRouter(rules: [ExplicitTargetRule()], fallback: fallback) : fallback
        return Orchestrator(backends: BackendRegistry(backends), router: router, processors: chain)
    }

    /// W1's diagnostic orchestrators for `backend`: without processors (the orchestrator's own
    /// cost), the realistic chain plus a 30-second ``TimeoutProcessor`` (what a timeout costs),
    /// and the realistic chain behind the rule router a configuration builds (what rules cost).
    static func diagnosticOrchestrators(for backend: any Backend) throws -> [(name: String, orchestrator: Orchestrator)] {
        [
            ("Orchestrator, no processors", try orchestrator([backend], defaultBackend: backend.name, processors: false)),
            ("Orchestrator with a timeout (diagnostic)", try orchestrator([backend], defaultBackend: backend.name, timeout: .seconds(30))),
            ("Orchestrator with rules (diagnostic)", try orchestrator([backend], defaultBackend: backend.name, configuredRules: true)),
        ]
    }

    /// The runner for the orchestrator path.
    static func through(_ orchestrator: Orchestrator, target: TargetHint = .automatic) -> Runner {
        { statement in try await orchestrator.run(QueryRequest(statement, target: target)).rows }
    }
}

extension BenchPath {
    /// W1 through Switchyard's layers: the backend and the full orchestrator, per request and in
    /// a session holding one connection (the target applies to both orchestrator paths), and
    /// diagnostic `variants` of the orchestrator (without processors, with a timeout), named.
    static func adapterLookups(
        ids: [Int64], statement: @escaping @Sendable (Int64) -> Statement, backend: any Backend, orchestrator: Orchestrator,
        variants: [(name: String, orchestrator: Orchestrator)] = []
    ) -> [BenchPath] {
        let direct = AdapterPaths.lookups(ids: ids, statement: statement) { try await backend.query($0, options: QueryOptions()) }
        let orchestrated = AdapterPaths.lookups(ids: ids, statement: statement, run: AdapterPaths.through(orchestrator))
        var paths = [BenchPath(name: "Backend", run: direct), BenchPath(name: "Orchestrator", target: 0.90, run: orchestrated)]
        for variant in variants {
            paths.append(BenchPath(name: variant.name,
                run: AdapterPaths.lookups(ids: ids, statement: statement, run: AdapterPaths.through(variant.orchestrator))))
        }
        // W1 is "one connection": the same lookups by a task holding one (`withSession`), whose
        // statements then run on the connection's own thread with no hand-off (SQLite's session
        // is the body as it is: its reads have no hand-off to save).
        paths.append(BenchPath(name: "Backend in session") { try await backend.withSession { try await direct() } })
        paths.append(BenchPath(name: "Orchestrator in session", target: 0.90) { try await backend.withSession { try await orchestrated() } })
        return paths
    }

    /// W2 through Switchyard's layers: the backend and the full orchestrator, per request and
    /// in a session (`withSession`), where the rows are read on the connection's own thread —
    /// decoded and freed by the same thread, and fetched with no hand-off per batch.
    static func adapterScans(
        _ statement: Statement, repeats: Int, backend: any Backend, orchestrator: Orchestrator
    ) -> [BenchPath] {
        let direct = AdapterPaths.scan(statement, repeats: repeats) { try await backend.query($0, options: QueryOptions()) }
        let orchestrated = AdapterPaths.scan(statement, repeats: repeats, run: AdapterPaths.through(orchestrator))
        return [
            BenchPath(name: "Backend", target: 0.80, run: direct),
            BenchPath(name: "Orchestrator", target: 0.80, run: orchestrated),
            BenchPath(name: "Backend in session", target: 0.80) { try await backend.withSession { try await direct() } },
            BenchPath(name: "Orchestrator in session", target: 0.80) { try await backend.withSession { try await orchestrated() } },
        ]
    }
}
