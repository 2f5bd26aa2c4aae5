import Switchyard
import Testing

/// `Orchestrator.copy` between the real servers: rows streamed from one backend into another's
/// table through the whole pipeline, in one transaction where the target has them.
@Suite(.enabled(if: IntegrationServers.isEnabled, IntegrationServers.disabledReason), .timeLimit(.minutes(2)))
struct CopyBetweenBackendsTests {
    private static func configuration(processors: String = "[]", extra: String = "") -> String {
        """
        {
          "backends": [
            { "name": "pg", "url": "${SWITCHYARD_TEST_POSTGRES_URL}" },
            { "name": "local", "url": "sqlite://${E2E_DIR}/copy.db" },
            { "name": "docs", "url": "${E2E_MONGO_URL}" }
          ],
          "defaultBackend": "pg",
          "processors": \(processors)\(extra)
        }
        """
    }

    private static let columns = "(id int PRIMARY KEY, name text, score double precision, born timestamp)"

    @Test func rowsGoFromEachKindOfBackendToTheNextWithTheirValues() async throws {
        try await withScenario { scenario in
            let (source, back) = (scenario.name("copy_source"), scenario.name("copy_back"))
            let cleanup: [(backend: String, statement: Statement)] = [
                ("pg", Statement("DROP TABLE IF EXISTS \(source), \(back)")), ("docs", scenario.dropMongoDatabase),
            ]
            try await scenario.withRuntime(Self.configuration(), cleanup: cleanup) { runtime in
                try await runtime.run("CREATE TABLE \(source) \(Self.columns)")
                try await runtime.run("CREATE TABLE \(back) \(Self.columns)")
                try await runtime.run("""
                    INSERT INTO \(source) SELECT i, CASE WHEN i = 7 THEN NULL ELSE 'name ' || i || ' ''q'' Zoë' END, i / 4.0,
                    timestamp '2024-05-01 12:30:00' + i * interval '1 minute' FROM generate_series(1, 1234) AS i
                    """)
                try await runtime.run("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, score REAL, born TIMESTAMP)", target: .backend("local"))

                // PostgreSQL → SQLite, 100 rows a statement.
                let intoSQLite = try await runtime.orchestrator.copy(
                    QueryRequest(Statement("SELECT * FROM \(source) ORDER BY id"), target: .backend("pg")), into: "people", on: "local", rowsPerStatement: 100)
                #expect(intoSQLite == CopySummary(rowsCopied: 1234, sources: ["pg"], target: "local", isAtomic: true))
                // SQLite → MongoDB, `id` becoming the document's key.
                let intoMongo = try await runtime.orchestrator.copy(
                    QueryRequest("SELECT * FROM people", target: .backend("local")), into: "people", on: "docs", columns: ["_id", "name", "score", "born"])
                #expect(intoMongo.rowsCopied == 1234)
                #expect(!intoMongo.isAtomic)  // SecantusDB runs standalone: no transactions
                // MongoDB → PostgreSQL.
                let intoPostgres = try await runtime.orchestrator.copy(
                    QueryRequest(Statement("db.people.find({}, {_id: 1, name: 1, score: 1, born: 1})", language: .mongo), target: .backend("docs")),
                    into: back, on: "pg", columns: ["id", "name", "score", "born"])
                #expect(intoPostgres.rowsCopied == 1234)

                let differences = try await runtime.rows(
                    "SELECT count(*) FROM (SELECT * FROM \(source) EXCEPT SELECT * FROM \(back)) AS d", target: .backend("pg")).rows
                #expect(differences.first?[0] == .int(0))
                let seventh = try await runtime.rows("SELECT name, score, born FROM \(back) WHERE id = 1000", target: .backend("pg")).rows
                #expect(seventh.first?["name"] == .text("name 1000 'q' Zoë"))
                #expect(seventh.first?["score"] == .double(250))
                #expect(try await runtime.rows("SELECT name FROM \(back) WHERE id = 7", target: .backend("pg")).rows.first?["name"] == .null)
            }
        }
    }

    @Test func sourceColumnsMeetTheTargetsColumnsWhateverTheirCase() async throws {
        try await withScenario { scenario in
            let target = scenario.name("copy_case")
            try await scenario.withRuntime(Self.configuration(), cleanup: [("pg", Statement("DROP TABLE IF EXISTS \(target)"))]) { runtime in
                try await runtime.run("CREATE TABLE \(target) (id int, full_name text)")
                // SQLite keeps the case the statement gave; PostgreSQL folded the table's to lower case.
                let copied = try await runtime.orchestrator.copy(
                    QueryRequest("SELECT 1 AS ID, 'Ada' AS Full_Name", target: .backend("local")), into: target, on: "pg")
                #expect(copied.rowsCopied == 1)
                let rows = try await runtime.rows(Statement("SELECT id, full_name FROM \(target)").text, target: .backend("pg")).rows
                #expect(rows.first?["full_name"] == .text("Ada"))
                // Rows made in memory, copied with the caller's context.
                let made = ResultSet(columns: Columns(names: ["ID", "FULL_NAME"]), rows: [Row(columns: Columns(names: ["ID", "FULL_NAME"]), values: [2, "Grace"])])
                #expect(try await runtime.orchestrator.copy(made, into: target, on: "pg").rowsCopied == 1)
                #expect(try await runtime.rows("SELECT count(*) FROM \(target)", target: .backend("pg")).rows.first?[0] == .int(2))
            }
        }
    }

    @Test func aFailureLeavesATransactionalTargetAsItWas() async throws {
        try await withScenario { scenario in
            let target = scenario.name("copy_atomic")
            try await scenario.withRuntime(Self.configuration(), cleanup: [("pg", Statement("DROP TABLE IF EXISTS \(target)"))]) { runtime in
                try await runtime.run("CREATE TABLE \(target) (id int PRIMARY KEY)")
                try await runtime.run("INSERT INTO \(target) VALUES (950)")
                try await runtime.run("CREATE TABLE ids (id INTEGER)", target: .backend("local"))
                try await runtime.run("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) INSERT INTO ids SELECT i FROM n", target: .backend("local"))
                // Row 950 clashes in the last of ten statements: the nine before it are rolled back.
                let error = await #expect(throws: SwitchyardError.self) {
                    try await runtime.orchestrator.copy(QueryRequest("SELECT id FROM ids ORDER BY id", target: .backend("local")), into: target, on: "pg", rowsPerStatement: 100)
                }
                #expect(error?.kind == .constraint)
                #expect(try await runtime.rows("SELECT count(*) FROM \(target)", target: .backend("pg")).rows.first?[0] == .int(1))

                // The same into SQLite, from PostgreSQL.
                try await runtime.run("CREATE TABLE unique_ids (id INTEGER PRIMARY KEY)", target: .backend("local"))
                try await runtime.run("INSERT INTO \(target) SELECT generate_series(1, 949)", target: .backend("pg"))
                try await runtime.run("INSERT INTO unique_ids VALUES (500)", target: .backend("local"))
                await #expect(throws: SwitchyardError.self) {
                    try await runtime.orchestrator.copy(QueryRequest(Statement("SELECT id FROM \(target) ORDER BY id"), target: .backend("pg")), into: "unique_ids", on: "local", rowsPerStatement: 100)
                }
                #expect(try await runtime.rows("SELECT count(*) FROM unique_ids", target: .backend("local")).rows.first?[0] == .int(1))
            }
        }
    }

    @Test func onATargetWithoutTransactionsTheErrorSaysWhatStayedWritten() async throws {
        try await withScenario { scenario in
            try await scenario.withRuntime(Self.configuration(), cleanup: [("docs", scenario.dropMongoDatabase)]) { runtime in
                try await runtime.run("db.items.insertOne({_id: 150})", language: .mongo, target: .backend("docs"))
                let error = await #expect(throws: SwitchyardError.self) {
                    try await runtime.orchestrator.copy(
                        QueryRequest("SELECT generate_series(1, 300) AS _id", target: .backend("pg")), into: "items", on: "docs", rowsPerStatement: 100)
                }
                // The first insert wrote 1…100; the second stopped at _id 150 having written 101…149, which it could not count.
                let detail = "100 row(s) were already written to 'docs', which has no transactions, and the insert it stopped in may have written up to 100 more: they stay"
                #expect(error?.detail?.contains(detail) == true, "\(String(describing: error))")
                let count = try await runtime.rows("db.items.countDocuments()", language: .mongo, target: .backend("docs")).rows.first?[0]
                #expect(count == .int(150), "\(String(describing: count))")
            }
        }
    }

    @Test func everyWriteGoesThroughThePipeline() async throws {
        try await withScenario { scenario in
            let source = scenario.name("copy_audited")
            let audited = Self.configuration(processors: #"[{ "kind": "audit", "backend": "local" }]"#)
            try await scenario.withRuntime(audited, cleanup: [("pg", Statement("DROP TABLE IF EXISTS \(source)"))]) { runtime in
                let audit = try #require(runtime.processor(AuditProcessor.self))
                try await runtime.run("CREATE TABLE copied (id INTEGER, secret TEXT)", target: .backend("local"))
                let caller = CallerContext(user: "alice", correlationID: "c-copy-\(scenario.suffix)")
                let copied = try await runtime.orchestrator.copy(
                    QueryRequest("SELECT i AS id, 'hunter' || i AS secret FROM generate_series(1, 25) AS i", target: .backend("pg"), context: caller),
                    into: "copied", on: "local", rowsPerStatement: 10)
                #expect(copied.rowsCopied == 25)
                await audit.log.flush()
                let records = try await runtime.rows(
                    "SELECT backend, statement, bindings, username, rows FROM switchyard_audit WHERE correlation_id = $1 ORDER BY started_at, rowid",
                    [.text(caller.correlationID)], target: .backend("local")).rows
                // The source, then three INSERTs of 10, 10 and 5 rows, each with its values redacted.
                #expect(records.map { $0["backend"] } == [.text("pg"), "local", "local", "local"])
                #expect(records.dropFirst().map { $0["rows"] } == [.int(10), 10, 5])
                #expect(records.dropFirst().allSatisfy { "\($0["statement"] ?? .null)".hasPrefix("INSERT INTO \"copied\" (\"id\", \"secret\") VALUES") })
                #expect(records.allSatisfy { $0["username"] == .text("alice") })
                #expect(!records.map { "\($0)" }.joined().contains("hunter"))
            }
            // A read-only runtime refuses the first write: nothing is copied.
            try await scenario.withRuntime(Self.configuration(extra: #", "readOnly": true"#)) { runtime in
                let error = await #expect(throws: SwitchyardError.self) {
                    try await runtime.orchestrator.copy(QueryRequest("SELECT 1 AS id, 'x' AS secret", target: .backend("pg")), into: "copied", on: "local")
                }
                #expect(error?.kind == .readOnly)
                let count = try await runtime.rows("SELECT count(*) FROM copied", target: .backend("local")).rows.first?[0]
                #expect(count == .int(25))
            }
        }
    }

    @Test func aTableCopiedIntoItselfGainsEachRowOnceEvenWhenItsBackendHasOneConnection() async throws {
        try await withScenario { scenario in
            let table = scenario.name("copy_self")
            let oneConnection = """
                {
                  "backends": [
                    { "name": "pg", "url": "${SWITCHYARD_TEST_POSTGRES_URL}", "poolSize": 1 },
                    { "name": "memory", "url": "sqlite::memory:" }
                  ],
                  "defaultBackend": "pg"
                }
                """
            try await scenario.withRuntime(oneConnection, cleanup: [("pg", Statement("DROP TABLE IF EXISTS \(table)"))]) { runtime in
                try await runtime.run("CREATE TABLE \(table) (id int)")
                try await runtime.run("INSERT INTO \(table) SELECT generate_series(1, 3000)")
                try await runtime.run("CREATE TABLE t (id INTEGER)", target: .backend("memory"))
                try await runtime.run(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO t SELECT i FROM n",
                    target: .backend("memory"))
                // The source's own connection is the only one the writes could use.
                for (backend, name) in [("pg", table), ("memory", "t")] {
                    let copied = try await Self.within(.seconds(20)) {
                        try await runtime.orchestrator.copy(QueryRequest(Statement("SELECT id FROM \(name)"), target: .backend(backend)), into: name, on: backend)
                    }
                    #expect(copied?.rowsCopied == 3000, "copying \(backend) into itself")
                    let counts = try await runtime.rows("SELECT count(*), count(DISTINCT id) FROM \(name)", target: .backend(backend)).rows
                    #expect(counts.first?.values == [.int(6000), .int(3000)], "\(backend)")
                }
            }
        }
    }

    /// What `body` returns, or `nil` when it is still running after `limit` (then cancelled).
    private static func within<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }

    @Test func aSourceOfTheWrongWidthOrCutByTheRowLimitCopiesNothing() async throws {
        try await withScenario { scenario in
            try await scenario.withRuntime(Self.configuration(extra: #", "rowLimit": 10"#)) { runtime in
                try await runtime.run("CREATE TABLE t (a INTEGER, b INTEGER)", target: .backend("local"))
                let width = await #expect(throws: SwitchyardError.self) {
                    try await runtime.orchestrator.copy(QueryRequest("SELECT 1, 2, 3", target: .backend("pg")), into: "t", on: "local", columns: ["a", "b"])
                }
                #expect(width?.kind == .invalidInput)
                #expect(width?.message.contains("the source returns 3 column(s)") == true)
                let cut = await #expect(throws: SwitchyardError.self) {
                    try await runtime.orchestrator.copy(
                        QueryRequest("SELECT i AS a, i AS b FROM generate_series(1, 50) AS i", target: .backend("pg")), into: "t", on: "local")
                }
                #expect(cut?.kind == .rejected)
                #expect(cut?.message.contains("the row limit cut the source off after 10 rows") == true)
                #expect(try await runtime.rows("SELECT count(*) FROM t", target: .backend("local")).rows.first?[0] == .int(0))
                await #expect(throws: SwitchyardError.self) {
                    try await runtime.orchestrator.copy(QueryRequest("SELECT 1 AS a", target: .backend("pg")), into: "t", on: "nowhere")
                }
            }
        }
    }
}
