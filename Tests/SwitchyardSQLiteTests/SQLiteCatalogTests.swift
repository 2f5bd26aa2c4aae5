import Switchyard
import SwitchyardSQLite
import Testing

@Suite("SQLite catalog")
struct SQLiteCatalogTests {
    @Test func catalogListsTablesAndViewsWithTheirColumns() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("""
                CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, nickname TEXT);
                CREATE TABLE memberships (user_id INTEGER, team TEXT, PRIMARY KEY (user_id, team)) WITHOUT ROWID;
                CREATE TABLE tags (code TEXT PRIMARY KEY, label TEXT);
                CREATE VIEW named AS SELECT id, email FROM users;
                CREATE INDEX users_nickname ON users (nickname);
                """)
            let catalog = try await backend.catalog()
            #expect(catalog.objects.map(\.name) == ["memberships", "named", "tags", "users"])

            let users = try #require(catalog.object(named: "users"))
            #expect(users.kind == .table)
            #expect(users.columns == [
                CatalogColumn(name: "id", type: "INTEGER", isNullable: false, isPrimaryKey: true),
                CatalogColumn(name: "email", type: "TEXT", isNullable: false, isPrimaryKey: false),
                CatalogColumn(name: "nickname", type: "TEXT", isNullable: true, isPrimaryKey: false),
            ])
            let memberships = try #require(catalog.object(named: "memberships"))
            #expect(memberships.columns.map(\.isNullable) == [false, false])
            #expect(memberships.columns.map(\.isPrimaryKey) == [true, true])
            // A TEXT primary key of a rowid table can hold NULL in SQLite.
            let tags = try #require(catalog.object(named: "tags"))
            #expect(tags.columns.first == CatalogColumn(name: "code", type: "TEXT", isNullable: true, isPrimaryKey: true))

            let view = try #require(catalog.object(named: "named"))
            #expect(view.kind == .view)
            #expect(view.columns.map(\.name) == ["id", "email"])
        }
    }

    @Test func catalogLeavesOutSQLitesInternalTables() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE seq (id INTEGER PRIMARY KEY AUTOINCREMENT)")
            try await backend.execute("INSERT INTO seq DEFAULT VALUES")
            try await backend.execute("ANALYZE")
            #expect(try await backend.catalog().objects.map(\.name) == ["seq"])
        }
    }

    @Test func viewWhoseTableWasDroppedIsListedWithoutColumns() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE gone (x INTEGER); CREATE TABLE kept (y TEXT); CREATE VIEW stale AS SELECT x FROM gone")
            try await backend.execute("DROP TABLE gone")
            let catalog = try await backend.catalog()
            #expect(catalog.objects.map(\.name) == ["kept", "stale"])
            #expect(catalog.object(named: "stale")?.columns.isEmpty == true)
            #expect(catalog.object(named: "kept")?.columns.map(\.name) == ["y"])
        }
    }

    @Test func emptyDatabaseHasAnEmptyCatalog() async throws {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            #expect(try await backend.catalog().objects.isEmpty)
        }
    }
}
