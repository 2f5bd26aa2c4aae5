import Switchyard
import Synchronization
import SwitchyardSQLite
import Testing

@Suite struct OrchestrationFanOutTests {
    private func orchestrator(_ registry: BackendRegistry, _ strategy: Route.Strategy, _ policy: Route.LegFailurePolicy = .failRequest) -> Orchestrator {
        Orchestrator(
            backends: registry,
            router: RuleRouter(rules: [FanOutRule(backends: ["eu", "us", "asia"], strategy: strategy, legFailure: policy)]))
    }

    @Test func concatenationNamesTheSourceBackendOfEveryRow() async throws {
        try await withOrderShards(interleavedOrders) { registry in
            let result = try await orchestrator(registry, .concatenate).run("SELECT id FROM orders ORDER BY id")
            let rows = try await result.rows.collect()
            #expect(result.columns.names == ["backend", "id"])
            #expect(rows.map { $0["backend"] } == [.text("eu"), .text("eu"), .text("eu"), .text("us"), .text("us"), .text("us"), .text("asia"), .text("asia"), .text("asia")])
            #expect(result.timings.map(\.backend) == ["eu", "us", "asia"])
        }
    }

    @Test func theLegsRunAtTheSameTime() async throws {
        // Each leg waits, before it queries, until all three have started: legs run one after
        // another would never meet, and the first would give up.
        try await withOrderShards(interleavedOrders) { registry in
            let waiting = try meetingFirst(registry)
            let result = try await orchestrator(waiting, .concatenate).run("SELECT id FROM orders ORDER BY id")
            #expect(try await result.rows.collect().count == 9)
            #expect(result.timings.map(\.backend) == ["eu", "us", "asia"])
        }
    }

    @Test func severalRequestsRunAtOnceAndAnswerInTheOrderGiven() async throws {
        try await withOrderShards(interleavedOrders) { registry in
            let waiting = try meetingFirst(registry)
            let results = try await Orchestrator(backends: waiting, processors: [RowLimitProcessor(limit: 2)]).run([
                QueryRequest(Statement("SELECT id FROM orders WHERE amount > ?", [40]), target: .backend("asia")),
                QueryRequest("SELECT count(*) AS n FROM orders", target: .backend("eu")),
                QueryRequest("SELECT id FROM orders ORDER BY id", target: .backend("us")),
            ])
            #expect(results.map(\.route.targets) == [["asia"], ["eu"], ["us"]])
            #expect(try await results[0].rows.collect().map { $0["id"] } == [.int(6), .int(9)])
            #expect(try await results[1].rows.collect().map { $0["n"] } == [.int(3)])
            // Each request went through the processors on its own: the row limit cut this one.
            #expect(try await results[2].rows.collect().map { $0["id"] } == [.int(2), .int(5)])
            #expect(try await Orchestrator(backends: registry).run([QueryRequest]()).isEmpty)
        }
    }

    @Test func severalRequestsStartWithTheSlowestBackendOnceItHasBeenTimed() async throws {
        try await withOrderShards(interleavedOrders) { registry in
            let starts = StartLog()
            let slowAsia = try recordingStarts(registry, in: starts, delaying: "asia", by: .milliseconds(30))
            let orchestrator = Orchestrator(backends: slowAsia)
            let requests = ["eu", "us", "asia"].map { QueryRequest("SELECT id FROM orders ORDER BY id", target: .backend($0)) }
            for run in 1...3 {
                let results = try await orchestrator.run(requests)
                // Whatever the start, results come back in the order given.
                #expect(results.map(\.route.targets) == [["eu"], ["us"], ["asia"]])
                #expect(try await results[2].rows.collect().map { $0["id"] } == [.int(3), .int(6), .int(9)])
                // Nothing timed yet, the first run starts them as given; later runs start asia first.
                let started = starts.take()
                #expect(run == 1 ? started == ["eu", "us", "asia"] : started.first == "asia", "run \(run): \(started)")
                #expect(started.sorted() == ["asia", "eu", "us"])
            }
        }
    }

    @Test func aFanOutsLegsStartWithTheSlowestBackendOnceItHasBeenTimed() async throws {
        try await withOrderShards(interleavedOrders) { registry in
            let starts = StartLog()
            let orchestrator = orchestrator(try recordingStarts(registry, in: starts, delaying: "asia", by: .milliseconds(30)), .concatenate)
            for run in 1...3 {
                let result = try await orchestrator.run("SELECT id FROM orders ORDER BY id")
                // Rows stay in route order whatever the start.
                #expect(try await result.rows.collect().map { $0["id"] } == [1, 4, 7, 2, 5, 8, 3, 6, 9].map { .int(Int64($0)) })
                #expect(result.timings.map(\.backend) == ["eu", "us", "asia"])
                let started = starts.take()
                #expect(run == 1 ? started == ["eu", "us", "asia"] : started.first == "asia", "run \(run): \(started)")
            }
        }
    }

    @Test func severalRequestsThrowTheFirstFailureInTheOrderGiven() async throws {
        try await withOrderShards(interleavedOrders) { registry in
            let error = await #expect(throws: SwitchyardError.self) {
                _ = try await Orchestrator(backends: registry).run([
                    QueryRequest("SELECT id FROM orders", target: .backend("eu")),
                    QueryRequest("SELECT id FROM no_such_table", target: .backend("us")),
                    QueryRequest("SELEKT id FROM orders", target: .backend("asia")),
                ])
            }
            #expect(error?.backend == "us")
            #expect(error?.message.contains("no_such_table") == true)
        }
    }

    @Test func mergeSortInterleavesSortedLegsIntoOneOrder() async throws {
        try await withOrderShards(interleavedOrders) { registry in
            let result = try await orchestrator(registry, .mergeSorted(by: [Route.SortKey("id")])).run("SELECT id, region FROM orders ORDER BY id")
            let rows = try await result.rows.collect()
            #expect(rows.map { $0["id"] } == (1...9).map { .int(Int64($0)) })
            #expect(rows.prefix(3).map { $0["backend"] } == [.text("eu"), .text("us"), .text("asia")])
        }
    }

    @Test func mergeSortHonoursDescendingKeysAndSeveralKeys() async throws {
        try await withOrderShards(interleavedOrders) { registry in
            let keys = [Route.SortKey("region"), Route.SortKey("amount", descending: true)]
            let result = try await orchestrator(registry, .mergeSorted(by: keys))
                .run("SELECT region, amount FROM orders ORDER BY region, amount DESC")
            let rows = try await result.rows.collect()
            #expect(rows.map { $0["amount"] } == [70, 60, 20, 10, 50, 40, 30, 90, 80].map { .int(Int64($0)) })
        }
    }

    @Test func aggregationCombinesEachLegsPartialsByGroup() async throws {
        try await withOrderShards(interleavedOrders) { registry in
            let strategy = Route.Strategy.aggregate(
                groupBy: ["region"],
                aggregates: [.init(.count, "n"), .init(.sum, "total"), .init(.min, "lo"), .init(.max, "hi")])
            let result = try await orchestrator(registry, strategy).run(
                "SELECT region, count(*) AS n, sum(amount) AS total, min(amount) AS lo, max(amount) AS hi FROM orders GROUP BY region ORDER BY region")
            let rows = try await result.rows.collect()
            #expect(result.columns.names == ["region", "n", "total", "lo", "hi"])
            let byRegion = Dictionary(uniqueKeysWithValues: rows.map { ($0["region"] ?? .null, Array($0.values.dropFirst())) })
            #expect(byRegion[.text("north")] == [.int(4), .int(160), .int(10), .int(70)])
            #expect(byRegion[.text("south")] == [.int(3), .int(120), .int(30), .int(50)])
            #expect(byRegion[.text("west")] == [.int(2), .int(170), .int(80), .int(90)])
            #expect(rows.count == 3)
        }
    }

    @Test func aFailingLegFailsTheRequestByDefault() async throws {
        try await withOrderShards(interleavedOrders) { registry in
            await registry["us"]?.shutdown()
            let error = await #expect(throws: SwitchyardError.self) {
                _ = try await orchestrator(registry, .concatenate).run("SELECT id FROM orders")
            }
            #expect(error?.kind == .connection)
            #expect(error?.backend == "us")
        }
    }

    @Test func aFailingLegGivesAPartialResultWithAWarningWhenConfigured() async throws {
        try await withOrderShards(interleavedOrders) { registry in
            await registry["us"]?.shutdown()
            let result = try await orchestrator(registry, .mergeSorted(by: [Route.SortKey("id")]), .partialResult)
                .run("SELECT id FROM orders ORDER BY id")
            let rows = try await result.rows.collect()
            #expect(rows.map { $0["id"] } == [1, 3, 4, 6, 7, 9].map { .int(Int64($0)) })
            #expect(result.notices.count == 1)
            #expect(result.notices.first?.contains("backend 'us' failed") == true)
            #expect(result.notices.first?.contains("partial") == true)
        }
    }

    @Test func whenEveryLegFailsEvenAPartialResultIsAnError() async throws {
        try await withOrderShards(interleavedOrders) { registry in
            for name in ["eu", "us", "asia"] { await registry[name]?.shutdown() }
            await #expect(throws: SwitchyardError.self) {
                _ = try await orchestrator(registry, .concatenate, .partialResult).run("SELECT id FROM orders")
            }
        }
    }

    /// `eu` holds 600 good rows and then one whose expression overflows: SQLite fails that
    /// leg mid-stream, after rows have already been read.
    private static let poisonedShards: KeyValuePairs<String, [(id: Int, region: String, amount: Int)]> = [
        "eu": (1...600).map { (id: $0, region: "eu", amount: $0) } + [(id: 601, region: "eu", amount: -1)],
        "us": [(id: 1001, region: "us", amount: 5), (id: 1002, region: "us", amount: 6)],
        "asia": [(id: 2001, region: "asia", amount: 7)],
    ]
    private static let poisonQuery = "SELECT id, CASE WHEN amount < 0 THEN abs(-9223372036854775807 - 1) ELSE amount END AS amount FROM orders ORDER BY id"

    @Test func aLegThatBreaksOffMidStreamEndsWithAWarningUnderThePartialPolicy() async throws {
        try await withOrderShards(Self.poisonedShards) { registry in
            let result = try await orchestrator(registry, .concatenate, .partialResult).run(Self.poisonQuery)
            let rows = try await result.rows.collect()
            let summary = try await result.rows.summary()
            #expect(rows.filter { $0["backend"] == .text("us") }.count == 2)
            #expect(rows.filter { $0["backend"] == .text("asia") }.count == 1)
            #expect(rows.filter { $0["backend"] == .text("eu") }.count <= 600)
            #expect(summary.warnings.count == 1)
            #expect(summary.warnings.first?.hasPrefix("backend 'eu' failed after") == true)
            #expect(summary.warnings.first?.contains("the result is partial") == true)
        }
    }

    @Test func aLegThatBreaksOffMidStreamFailsTheRequestByDefault() async throws {
        try await withOrderShards(Self.poisonedShards) { registry in
            let result = try await orchestrator(registry, .concatenate).run(Self.poisonQuery)
            await #expect(throws: SwitchyardError.self) { _ = try await result.rows.collect() }
        }
    }
}

/// `registry`'s backends, each waiting before it queries until all of them have started a query.
private func meetingFirst(_ registry: BackendRegistry) throws -> BackendRegistry {
    let meeting = LegMeeting(parties: registry.all.count)
    let waiting = BackendRegistry()
    for backend in registry.all { try waiting.add(MeetingBackend(base: backend, meeting: meeting)) }
    return waiting
}

/// A point every leg of a fan-out must reach before any goes on.
private final class LegMeeting: Sendable {
    let parties: Int
    private let arrived = Mutex(0)

    init(parties: Int) { self.parties = parties }

    func arriveAndWait(within limit: Duration = .seconds(10)) async throws {
        arrived.withLock { $0 += 1 }
        let deadline = ContinuousClock.now + limit
        while arrived.withLock({ $0 }) < parties {
            guard ContinuousClock.now < deadline else {
                throw SwitchyardError(.timeout, "only \(arrived.withLock { $0 }) of \(parties) legs had started after \(limit)")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }
}

/// A real backend whose queries first wait at a ``LegMeeting``.
private final class MeetingBackend: ForwardingBackend {
    let base: any Backend
    let meeting: LegMeeting

    init(base: any Backend, meeting: LegMeeting) {
        self.base = base
        self.meeting = meeting
    }

    func shutdown() async {}  // the shards' owner shuts them down

    func query(_ statement: Statement, options: QueryOptions) async throws -> ResultSet {
        try await meeting.arriveAndWait()
        return try await base.query(statement, options: options)
    }
}


/// `registry`'s backends, each noting its name in `starts` when a query starts; `slow`'s
/// queries then wait `delay` before they run.
private func recordingStarts(_ registry: BackendRegistry, in starts: StartLog, delaying slow: String, by delay: Duration) throws -> BackendRegistry {
    let recording = BackendRegistry()
    for backend in registry.all {
        try recording.add(StartRecordingBackend(base: backend, starts: starts, delay: backend.name == slow ? delay : nil))
    }
    return recording
}

/// The names of the backends whose queries started, in the order they started.
private final class StartLog: Sendable {
    private let names = Mutex<[String]>([])

    func note(_ name: String) { names.withLock { $0.append(name) } }

    /// The names noted since the last call.
    func take() -> [String] { names.withLock { names in defer { names = [] }; return names } }
}

/// A real backend that notes when its queries start, and may make them slower.
private final class StartRecordingBackend: ForwardingBackend {
    let base: any Backend
    let starts: StartLog
    let delay: Duration?

    init(base: any Backend, starts: StartLog, delay: Duration?) {
        self.base = base
        self.starts = starts
        self.delay = delay
    }

    func shutdown() async {}  // the shards' owner shuts them down

    func query(_ statement: Statement, options: QueryOptions) async throws -> ResultSet {
        starts.note(base.name)
        if let delay { try await Task.sleep(for: delay) }
        return try await base.query(statement, options: options)
    }
}
