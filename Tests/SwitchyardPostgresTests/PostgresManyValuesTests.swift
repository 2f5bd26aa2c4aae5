import Switchyard
import SwitchyardPostgres
import Testing

/// Statements with thousands of bound values: libpq refuses a statement description that
/// lists more than 7,498 parameters (a message over 30,000 bytes) and dropped the
/// connection; PostgreSQL itself takes up to 65,535.
@Suite(.enabled(if: PostgresTestServer.isEnabled, "no PostgreSQL test server: \(PostgresTestServer.startHint)"), .timeLimit(.minutes(2)))
struct PostgresManyValuesTests {
    /// `$1, $2, …, $count`.
    private func placeholders(_ count: Int) -> String {
        (1...count).map { "$\($0)" }.joined(separator: ",")
    }

    /// A table of ids 1...`rows`, each with its name `n<id>`.
    private func makeTable(_ purpose: String, rows: Int, on backend: PostgresBackend) async throws -> String {
        let table = PostgresTestServer.tableName(purpose)
        try await backend.execute("CREATE TABLE \(table) (id bigint PRIMARY KEY, name text NOT NULL)")
        try await backend.execute("INSERT INTO \(table) SELECT i, 'n' || i FROM generate_series(1, \(rows)) AS i")
        return table
    }

    // 7,498 is the most a description can list; from 7,499 on the statement runs unprepared.
    @Test(arguments: [7_498, 7_499, 7_500, 30_000, 65_535])
    func aStatementBindsUpToTheServersLimit(_ count: Int) async throws {
        // One connection: what follows runs on the connection the big statement used.
        try await withBackend(options: "pool_max=1") { backend in
            let table = try await makeTable("many_values", rows: 100, on: backend)
            // Ids 1...count, of which the table holds 1...100; a name (text) beside them.
            var values = (1...count - 1).map { Value.int(Int64($0)) }
            values.append("n7")
            let rows = try await backend.query(
                Statement("SELECT id, name FROM \(table) WHERE id IN (\(placeholders(count - 1))) AND name <> $\(count) ORDER BY id", values)
            ).collect()
            #expect(rows.count == 99)
            #expect(rows.first?.values == [1, "n1"])
            #expect(rows.last?.values == [100, "n100"])
            #expect(rows.first?.columns.names == ["id", "name"])

            let summary = try await backend.execute(Statement("DELETE FROM \(table) WHERE id IN (\(placeholders(count)))", (1...count).map { Value.int(Int64($0)) }))
            #expect(summary.rowsAffected == 100)
            // The connection is still in step with the server.
            #expect(try await backend.query(Statement("SELECT $1::int + 1 AS n", [41])).collect().first?.values == [42])
        }
    }

    @Test func moreValuesThanTheServerTakesAreRefusedAndTheConnectionStaysUsable() async throws {
        try await withBackend(options: "pool_max=1") { backend in
            let count = 65_536
            let error = await #expect(throws: SwitchyardError.self) {
                try await backend.query(Statement("SELECT 1 WHERE 1 IN (\(placeholders(count)))", Array(repeating: Value.int(1), count: count)))
            }
            #expect(error?.kind == .invalidInput)
            #expect(error?.message == "PostgreSQL takes at most 65,535 bound values; this statement has 65536")
            #expect(error?.hint?.contains("ANY($1)") == true)
            #expect(error?.backend == "pg")
            // What the hint suggests: one array value, however many keys.
            let keys = Value.array((1...count).map { .int(Int64($0)) })
            let matched = try await backend.query(Statement("SELECT count(*) AS n FROM generate_series(1, 100000) AS id WHERE id = ANY($1)", [keys])).collect()
            #expect(matched.first?.values == [.int(Int64(count))])
        }
    }

    @Test func aRepositoryFindsByThousandsOfIds() async throws {
        try await withBackend(options: "pool_max=1") { backend in
            // Dropped by withBackend afterwards, whatever happens.
            PostgresTestServer.createdNames?.withLock { $0.append(ManyValuesPerson.storageName) }
            try await backend.execute("DROP TABLE IF EXISTS \(ManyValuesPerson.storageName)")
            try await backend.execute("CREATE TABLE \(ManyValuesPerson.storageName) (id bigint PRIMARY KEY, name text NOT NULL)")
            try await backend.execute("INSERT INTO \(ManyValuesPerson.storageName) SELECT i, 'n' || i FROM generate_series(1, 10000) AS i")
            let people = try BackendRepository<ManyValuesPerson>(backend: backend)
            let found = try await people.find(where: Field("id").isIn(Array(1...7_500)), orderBy: [SortKey("id")])
            #expect(found.count == 7_500)
            #expect(found.last == ManyValuesPerson(id: 7_500, name: "n7500"))
            #expect(try await people.count(where: Field("id").isIn(Array(5_001...65_000))) == 5_000)
        }
    }
}

/// The entity ``PostgresManyValuesTests/aRepositoryFindsByThousandsOfIds()`` stores.
private struct ManyValuesPerson: Entity, Hashable {
    static let storageName = "t_many_values_people"
    var id: Int
    var name: String
}
