import Switchyard
import Testing

/// Fan-out rules from the file, each merge strategy, over PostgreSQL + SQLite (one SQL text
/// runs on both) and over two SecantusDB databases (one mongosh text runs on both).
@Suite(.enabled(if: IntegrationServers.isEnabled, IntegrationServers.disabledReason), .timeLimit(.minutes(2)))
struct FanOutMergeTests {
    /// PostgreSQL holds the odd ids, SQLite the even ones.
    static let rows: [(backend: String, id: Int, region: String, amount: Int)] = [
        ("pg", 1, "north", 10), ("pg", 3, "south", 30), ("pg", 5, "north", 50), ("pg", 7, "west", 70),
        ("local", 2, "north", 20), ("local", 4, "south", 40), ("local", 6, "west", 60),
    ]

    /// Starts a runtime whose one rule fans reads of the orders table out to `pg` and `local`
    /// with `merge` (JSON), fills the table on both, and runs `body` with the table's name.
    private func withOrders(merge: String, _ body: (SwitchyardRuntime, String) async throws -> Void) async throws {
        try await withScenario { scenario in
            let table = scenario.name("orders")
            let configuration = """
                {
                  "backends": [
                    { "name": "pg", "url": "${SWITCHYARD_TEST_POSTGRES_URL}" },
                    { "name": "local", "url": "sqlite://${E2E_DIR}/local.db" }
                  ],
                  "defaultBackend": "pg",
                  "routing": { "rules": [{ "kind": "fanOut", "backends": ["pg", "local"], "tables": ["\(table)"], "merge": \(merge) }] }
                }
                """
            try await scenario.withRuntime(configuration, cleanup: [("pg", Statement("DROP TABLE IF EXISTS \(table)"))]) { runtime in
                for backend in ["pg", "local"] {
                    try await runtime.run("CREATE TABLE \(table) (id INTEGER PRIMARY KEY, region TEXT NOT NULL, amount INTEGER NOT NULL)", target: .backend(backend))
                }
                for row in Self.rows {
                    try await runtime.run(
                        "INSERT INTO \(table) VALUES ($1, $2, $3)", [.int(Int64(row.id)), .text(row.region), .int(Int64(row.amount))],
                        target: .backend(row.backend))
                }
                try await body(runtime, table)
            }
        }
    }

    @Test func concatenationReturnsEveryLegsRowsNamingTheirBackend() async throws {
        try await withOrders(merge: "\"concatenate\"") { runtime, table in
            let (rows, result) = try await runtime.rows("SELECT id FROM \(table) ORDER BY id")
            #expect(result.route.targets == ["pg", "local"])
            #expect(result.columns.names == ["backend", "id"])
            #expect(rows.map { $0["id"] } == [1, 3, 5, 7, 2, 4, 6].map { .int(Int64($0)) })
            #expect(rows.map { $0["backend"] } == [.text("pg"), "pg", "pg", "pg", "local", "local", "local"])
            #expect(Set(result.timings.map(\.backend)) == ["pg", "local"])
        }
    }

    @Test func aFanOutToBackendsWhoseColumnsDifferLinesThemUpByName() async throws {
        try await withScenario { scenario in
            let table = scenario.name("people")
            let configuration = """
                {
                  "backends": [
                    { "name": "pg", "url": "${SWITCHYARD_TEST_POSTGRES_URL}" },
                    { "name": "local", "url": "sqlite://${E2E_DIR}/local.db" }
                  ]
                }
                """
            try await scenario.withRuntime(configuration, cleanup: [("pg", Statement("DROP TABLE IF EXISTS \(table)"))]) { runtime in
                // The same table made twice, its columns in another order, one of them different,
                // and SQLite's with a column called `backend` of its own.
                try await runtime.run("CREATE TABLE \(table) (id INTEGER PRIMARY KEY, name TEXT, region TEXT)", target: .backend("pg"))
                try await runtime.run("CREATE TABLE \(table) (region TEXT, id INTEGER PRIMARY KEY, backend TEXT)", target: .backend("local"))
                try await runtime.run("INSERT INTO \(table) VALUES (1, 'Ada', 'north')", target: .backend("pg"))
                try await runtime.run("INSERT INTO \(table) VALUES ('south', 2, 'file')", target: .backend("local"))
                let (rows, result) = try await runtime.rows("SELECT * FROM \(table) ORDER BY id", target: .backends(["pg", "local"]))
                #expect(result.route.strategy == .concatenate)
                #expect(result.columns.names == ["backend_1", "id", "name", "region", "backend"])
                #expect(rows.map(\.values) == [["pg", 1, "Ada", "north", .null], ["local", 2, .null, "south", "file"]])
            }
        }
    }

    @Test func mergeSortGivesOneGlobalOrderAcrossBackends() async throws {
        try await withOrders(merge: #"{ "strategy": "mergeSort", "by": ["amount desc"] }"#) { runtime, table in
            let (rows, _) = try await runtime.rows("SELECT id, amount FROM \(table) ORDER BY amount DESC")
            #expect(rows.map { $0["amount"] } == [70, 60, 50, 40, 30, 20, 10].map { .int(Int64($0)) })
            #expect(rows.map { $0["backend"] } == [.text("pg"), "local", "pg", "local", "pg", "local", "pg"])
        }
    }

    @Test func aggregationCombinesSumCountMinAndMaxByGroup() async throws {
        let merge = #"{ "strategy": "aggregate", "groupBy": ["region"], "aggregates": ["count(n)", "sum(total)", "min(lo)", "max(hi) as highest"] }"#
        try await withOrders(merge: merge) { runtime, table in
            let (rows, result) = try await runtime.rows(
                "SELECT region, count(*) AS n, sum(amount) AS total, min(amount) AS lo, max(amount) AS hi FROM \(table) GROUP BY region")
            #expect(result.columns.names == ["region", "n", "total", "lo", "highest"])
            let byRegion = Dictionary(rows.map { ($0["region"] ?? .null, Array($0.values.dropFirst())) }) { first, _ in first }
            #expect(rows.count == 3)
            #expect(byRegion[.text("north")] == [3, 80, 10, 50].map { .int(Int64($0)) })
            #expect(byRegion[.text("south")] == [2, 70, 30, 40].map { .int(Int64($0)) })
            #expect(byRegion[.text("west")] == [2, 130, 60, 70].map { .int(Int64($0)) })
        }
    }

    /// The rule QA configured: sums, counts and maxima by region.
    private static let regionTotals =
        #"{ "strategy": "aggregate", "groupBy": ["region"], "aggregates": ["sum(total)", "count(n)", "max(price)"] }"#

    private static func totals(_ table: String, _ tail: String) -> String {
        "SELECT region, sum(amount) AS total, count(*) AS n, max(amount) AS price FROM \(table) GROUP BY region \(tail)"
    }

    @Test func anAggregateRuleRefusesAResultWithoutItsColumnsInsteadOfFillingNulls() async throws {
        try await withOrders(merge: Self.regionTotals) { runtime, table in
            let plain = await #expect(throws: SwitchyardError.self) { try await runtime.run("SELECT id, region FROM \(table)") }
            #expect(plain?.kind == .unsupported)
            #expect(plain?.message.hasSuffix("combines columns region, total, n, price; this result has id, region") == true)
            #expect(plain?.hint?.contains("AS") == true)
            let count = await #expect(throws: SwitchyardError.self) { try await runtime.run("SELECT count(*) FROM \(table)") }
            #expect(count?.kind == .unsupported)
            #expect(count?.message.hasSuffix("this result has count") == true)
        }
    }

    @Test func anAggregateRuleRefusesAnAverageItCouldOnlyCombineWrongly() async throws {
        try await withOrders(merge: Self.regionTotals) { runtime, table in
            let error = await #expect(throws: SwitchyardError.self) {
                try await runtime.run("SELECT region, avg(amount) AS total, count(*) AS n, max(amount) AS price FROM \(table) GROUP BY region")
            }
            #expect(error?.kind == .unsupported)
            #expect(error?.message.contains("avg") == true)
        }
    }

    @Test func aggregatedGroupsFollowTheStatementsOrderBy() async throws {
        try await withOrders(merge: Self.regionTotals) { runtime, table in
            let (byRegion, _) = try await runtime.rows(Self.totals(table, "ORDER BY region DESC"))
            #expect(byRegion.map { $0["region"] } == ["west", "south", "north"])
            #expect(byRegion.map { $0["total"] } == [130, 70, 80])
            let (byTotal, _) = try await runtime.rows(Self.totals(table, "ORDER BY total DESC"))
            #expect(byTotal.map { $0["region"] } == ["west", "north", "south"])
            let (unordered, _) = try await runtime.rows(Self.totals(table, ""))
            #expect(unordered.map { $0["region"] } == ["north", "south", "west"])
        }
    }

    @Test func aggregatedGroupsAreCutByLimitAndOffsetAfterCombining() async throws {
        try await withOrders(merge: Self.regionTotals) { runtime, table in
            let (firstTwo, _) = try await runtime.rows(Self.totals(table, "ORDER BY region LIMIT 2"))
            #expect(firstTwo.map(\.values) == [["north", 80, 3, 50], ["south", 70, 2, 40]])
            let (second, _) = try await runtime.rows(Self.totals(table, "ORDER BY region LIMIT 1 OFFSET 1"))
            #expect(second.map(\.values) == [["south", 70, 2, 40]])
            // The top groups by a total cannot be found from each backend's own top groups.
            let error = await #expect(throws: SwitchyardError.self) { try await runtime.run(Self.totals(table, "ORDER BY total DESC LIMIT 1")) }
            #expect(error?.kind == .unsupported)
            #expect(error?.message.contains("LIMIT") == true)
        }
    }

    @Test func mergeSortAppliesTheStatementsLimitAndOffsetToTheMergedRows() async throws {
        try await withOrders(merge: #"{ "strategy": "mergeSort", "by": ["amount desc"] }"#) { runtime, table in
            let (top, _) = try await runtime.rows("SELECT amount FROM \(table) ORDER BY amount DESC LIMIT 2")
            #expect(top.map { $0["amount"] } == [70, 60])
            let (page, _) = try await runtime.rows("SELECT amount FROM \(table) ORDER BY amount DESC LIMIT 2 OFFSET 2")
            #expect(page.map { $0["amount"] } == [50, 40])
            let (bound, _) = try await runtime.rows("SELECT amount FROM \(table) ORDER BY amount DESC LIMIT $1", [3])
            #expect(bound.map { $0["amount"] } == [70, 60, 50])
        }
    }

    @Test func mergeSortWarnsOfALegThatReturnsRowsAgainstItsOrder() async throws {
        try await withOrders(merge: #"{ "strategy": "mergeSort", "by": ["amount desc"] }"#) { runtime, table in
            let result = try await runtime.orchestrator.run("SELECT id, amount FROM \(table) ORDER BY amount")
            _ = try await result.rows.collect()
            let warnings = result.rows.currentSummary.warnings
            #expect(warnings.contains { $0.contains("merges rows ordered by amount DESC") && $0.contains("end the statement with ORDER BY amount DESC") }, "\(warnings)")
        }
    }

    @Test func writesAndOtherTablesDoNotFanOut() async throws {
        try await withOrders(merge: "\"concatenate\"") { runtime, table in
            let write = try await runtime.run("UPDATE \(table) SET amount = amount + 1 WHERE id = 1")
            #expect(write.route.targets == ["pg"])
            let elsewhere = try await runtime.run("SELECT 1 AS one")
            #expect(elsewhere.route.targets == ["pg"])
        }
    }

    @Test func aMongoFanOutMergesTwoDatabasesInOrder() async throws {
        try await withScenario { scenario in
            let events = scenario.name("events")
            let second = IntegrationScenario.mongoURL(scenario.environment[IntegrationServers.mongoVariable] ?? "", database: scenario.mongoDatabase + "_b")
            let configuration = """
                {
                  "backends": [
                    { "name": "docs_a", "url": "${E2E_MONGO_URL}" },
                    { "name": "docs_b", "url": "${E2E_MONGO_URL_B}" }
                  ],
                  "routing": { "rules": [{ "kind": "fanOut", "backends": ["docs_a", "docs_b"], "merge": { "strategy": "mergeSort", "by": ["n"] } }] }
                }
                """
            let cleanup = [("docs_a", scenario.dropMongoDatabase), ("docs_b", scenario.dropMongoDatabase)]
            try await scenario.withRuntime(configuration, extra: ["E2E_MONGO_URL_B": second], cleanup: cleanup) { runtime in
                try await runtime.run("db.\(events).insertMany([{n: 1}, {n: 4}, {n: 5}])", language: .mongo, target: .backend("docs_a"))
                try await runtime.run("db.\(events).insertMany([{n: 2}, {n: 3}, {n: 6}])", language: .mongo, target: .backend("docs_b"))
                let (rows, result) = try await runtime.rows("db.\(events).find({}, {_id: 0}).sort({n: 1})", language: .mongo)
                #expect(result.route.targets == ["docs_a", "docs_b"])
                #expect(rows.map { $0["n"] } == (1...6).map { .int(Int64($0)) })
                #expect(rows.map { $0["backend"] } == [.text("docs_a"), "docs_b", "docs_b", "docs_a", "docs_a", "docs_b"])
            }
        }
    }

    @Test func oneRequestPerLanguageRunTogetherAndConcatenate() async throws {
        try await withScenario { scenario in
            let table = scenario.name("people")
            let configuration = """
                {
                  "backends": [
                    { "name": "pg", "url": "${SWITCHYARD_TEST_POSTGRES_URL}" },
                    { "name": "local", "url": "sqlite://${E2E_DIR}/local.db" },
                    { "name": "docs", "url": "${E2E_MONGO_URL}" }
                  ]
                }
                """
            let cleanup = [("pg", Statement("DROP TABLE IF EXISTS \(table)")), ("docs", scenario.dropMongoDatabase)]
            try await scenario.withRuntime(configuration, cleanup: cleanup) { runtime in
                for backend in ["pg", "local"] {
                    try await runtime.run("CREATE TABLE \(table) (id INTEGER PRIMARY KEY, name TEXT NOT NULL)", target: .backend(backend))
                }
                try await runtime.run("INSERT INTO \(table) VALUES (1, 'Ada'), (2, 'Bo')", target: .backend("pg"))
                try await runtime.run("INSERT INTO \(table) VALUES (3, 'Cy')", target: .backend("local"))
                try await runtime.run("db.\(table).insertMany([{_id: 4, name: 'Di'}, {_id: 5, name: 'Ed'}])", language: .mongo, target: .backend("docs"))

                // Named as MongoDB names the key, so that the three results' columns line up.
                let results = try await runtime.orchestrator.run([
                    QueryRequest(Statement("SELECT id AS _id, name FROM \(table) WHERE id >= $1 ORDER BY id", [1]), target: .backend("pg")),
                    QueryRequest(Statement("SELECT id AS _id, name FROM \(table) WHERE id >= $1 ORDER BY id", [1]), target: .backend("local")),
                    QueryRequest(Statement("db.\(table).find({_id: {$gte: $1}}).sort({_id: 1})", [1], language: .mongo), target: .backend("docs")),
                ])
                #expect(results.map(\.route.targets) == [["pg"], ["local"], ["docs"]])
                let rows = try await ResultSet.concatenating(zip(["pg", "local", "docs"], results).map { (source: $0, rows: $1.rows) }).collect()
                #expect(rows.map { $0["backend"] } == [.text("pg"), "pg", "local", "docs", "docs"])
                #expect(rows.map { $0["name"] } == ["Ada", "Bo", "Cy", "Di", "Ed"].map(Value.text))
                #expect(rows.first?.columns.names == ["backend", "_id", "name"])
                #expect(rows.map { $0["_id"] } == (1...5).map { .int(Int64($0)) })
            }
        }
    }

    @Test func aFanOutOverBackendsOfDifferentLanguagesIsRefusedNamingTheBackend() async throws {
        try await withScenario { scenario in
            let configuration = """
                {
                  "backends": [
                    { "name": "pg", "url": "${SWITCHYARD_TEST_POSTGRES_URL}" },
                    { "name": "docs", "url": "${E2E_MONGO_URL}" }
                  ],
                  "routing": { "rules": [{ "kind": "fanOut", "name": "everywhere", "backends": ["pg", "docs"] }] }
                }
                """
            try await scenario.withRuntime(configuration) { runtime in
                let error = await #expect(throws: SwitchyardError.self) { try await runtime.run("SELECT 1 AS one") }
                #expect(error?.kind == .unsupported)
                #expect(error?.backend == "docs")
                #expect(error?.message.contains("everywhere") == true)
            }
        }
    }
}
