import Foundation
import Switchyard
import SwitchyardPostgres
import Testing

/// Statement texts, the prepared-statement cache and the catalog.
@Suite(.enabled(if: PostgresTestServer.isEnabled, "no PostgreSQL test server: \(PostgresTestServer.startHint)"), .timeLimit(.minutes(1)))
struct PostgresExecutionTests {
    @Test func aTextOfSeveralStatementsStreamsTheLast() async throws {
        try await withBackend { backend in
            let table = PostgresTestServer.tableName("multi")
            let result = try await backend.query(
                "CREATE TABLE \(table) (id int); INSERT INTO \(table) VALUES (1), (2); SELECT id FROM \(table) ORDER BY id; -- done")
            #expect(try await result.collect().map { $0[0] } == [1, 2])
            let summary = try await backend.execute("UPDATE \(table) SET id = id + 10; DELETE FROM \(table) WHERE id = 11")
            #expect(summary.rowsAffected == 3)
            let error = await #expect(throws: SwitchyardError.self) { try await backend.execute(Statement("SELECT $1; SELECT 2", [1])) }
            #expect(error?.kind == .invalidInput)
        }
    }

    @Test func placeholdersInsideStringsAndCommentsAreNotParameters() async throws {
        try await withBackend { backend in
            let row = try #require(
                try await backend.query(
                    Statement("SELECT '$1' AS a, $$ $2 ; $$ AS b, E'\\' $3' AS c, $1::int AS d /* $9 */ -- $8", [5])
                ).collect().first)
            #expect(row.values == [.text("$1"), .text(" $2 ; "), .text("' $3"), .int(5)])
        }
    }

    @Test func aChangedTableIsPreparedAgain() async throws {
        try await withBackend(options: "pool_max=1") { backend in
            let table = PostgresTestServer.tableName("alter")
            try await backend.execute("CREATE TABLE \(table) (id int)")
            try await backend.execute("INSERT INTO \(table) VALUES (1)")
            #expect(try await backend.query("SELECT * FROM \(table)").collect().first?.values == [1])
            try await backend.execute("ALTER TABLE \(table) ADD COLUMN name text DEFAULT 'n'")
            #expect(try await backend.query("SELECT * FROM \(table)").collect().first?.values == [1, "n"])
            try await backend.execute("DEALLOCATE ALL")
            #expect(try await backend.query("SELECT * FROM \(table)").collect().first?.values == [1, "n"])
        }
    }

    @Test func aSmallStatementCacheEvictsAndStillWorks() async throws {
        try await withBackend(options: "pool_max=1&statement_cache_size=2") { backend in
            for round in 0..<3 {
                for n in 0..<6 {
                    let rows = try await backend.query(Statement("SELECT $1::int + \(n)", [.int(Int64(round))])).collect()
                    #expect(rows.first?[0] == .int(Int64(round + n)))
                }
            }
            let prepared = try await backend.query("SELECT count(*) FROM pg_prepared_statements").collect().first?[0]
            #expect((Int(value: prepared ?? .null) ?? 99) <= 2)
        }
    }

    @Test func theSameTextWithDifferentValueTypesWorks() async throws {
        try await withBackend(options: "pool_max=1") { backend in
            let sql = "SELECT $1 IS NOT DISTINCT FROM $1"
            for value: Value in [.int(1), .text("x"), .double(2), .null, .decimal(ExactDecimal("1.5")!)] {
                _ = try await backend.query(Statement("SELECT $1::text", [value])).collect()
            }
            #expect(try await backend.query(Statement(sql, [.int(3)])).collect().first?[0] == .bool(true))
        }
    }

    @Test func writesReportRowsAffectedIncludingReturning() async throws {
        try await withBackend { backend in
            let table = PostgresTestServer.tableName("affected")
            try await backend.execute("CREATE TABLE \(table) (id serial PRIMARY KEY, v int)")
            let result = try await backend.query(Statement("INSERT INTO \(table) (v) VALUES ($1), ($2) RETURNING id", [10, 20]))
            #expect(try await result.collect().map { $0[0] } == [1, 2])
            #expect(result.currentSummary.rowsAffected == 2)
            #expect(try await backend.execute(Statement("UPDATE \(table) SET v = v + 1")).rowsAffected == 2)
            #expect(try await backend.execute(Statement("SELECT * FROM \(table)")).rowsAffected == nil)
            // The other verbs that count writes (their tags are told apart by the first letter first).
            let merge = "MERGE INTO \(table) t USING (VALUES (1), (3)) s(id) ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = 0"
            #expect(try await backend.execute(Statement(merge)).rowsAffected == 1)
            #expect(try await backend.execute(Statement("DELETE FROM \(table) WHERE v = 0")).rowsAffected == 1)
        }
    }

    @Test func theCatalogListsSchemasTablesViewsAndKeys() async throws {
        try await withBackend { backend in
            let schema = PostgresTestServer.tableName("schema")
            try await backend.execute(
                """
                CREATE SCHEMA \(schema);
                CREATE TABLE \(schema).orders (region text, number int, amount numeric(12,2) NOT NULL, note varchar(40), PRIMARY KEY (region, number));
                CREATE VIEW \(schema).big_orders AS SELECT * FROM \(schema).orders WHERE amount > 100
                """)
            let catalog = try await backend.catalog()
            let orders = try #require(catalog.object(named: "\(schema).orders"))
            #expect(orders.kind == .table)
            #expect(orders.schema == schema)
            #expect(orders.columns.map(\.name) == ["region", "number", "amount", "note"])
            #expect(orders.columns.map(\.type) == ["text", "integer", "numeric(12,2)", "character varying(40)"])
            #expect(orders.columns.map(\.isPrimaryKey) == [true, true, false, false])
            #expect(orders.columns.map(\.isNullable) == [false, false, false, true])
            #expect(catalog.object(named: "\(schema).big_orders")?.kind == .view)
            #expect(!catalog.objects.contains { $0.schema == "pg_catalog" || $0.schema == "information_schema" })
            let schemas = try await backend.schemas()
            #expect(schemas.map(\.name).contains(schema))
            #expect(schemas.map(\.name).contains("public"))
            #expect(!schemas.map(\.name).contains("pg_catalog"))
            // A schema with nothing in it is still one: the catalog names it for `\dn`.
            let empty = PostgresTestServer.tableName("empty_schema")
            try await backend.execute("CREATE SCHEMA \(empty)")
            let withEmpty = try await backend.catalog()
            #expect(withEmpty.schemas.contains(empty))
            #expect(withEmpty.schemas.contains(schema))
            #expect(!withEmpty.objects.contains { $0.schema == empty })
            try await backend.execute("DROP SCHEMA \(empty)")
            try await backend.execute("DROP SCHEMA \(schema) CASCADE")
        }
    }

    @Test func theRepositoryWorksWithPostgresPlaceholders() async throws {
        try await withBackend { backend in
            let dialect = try #require(backend.capabilities.sqlDialect)
            #expect(dialect.placeholder(3) == "$3")
            #expect(dialect.distinct("a", "$1") == "a IS DISTINCT FROM $1")
            #expect(backend.entityStore != nil)
        }
    }
}
