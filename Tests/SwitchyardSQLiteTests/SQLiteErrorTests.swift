import Switchyard
import SwitchyardSQLite
import Testing

@Suite("SQLite errors")
struct SQLiteErrorTests {
    @Test func syntaxErrorCarriesCodeMessageAndPosition() async throws {
        try await withSQLiteBackend(":memory:", name: "local") { backend, _ async throws in
            let error = await sqliteError { try await backend.execute("SELECT 1 FROM") }
            #expect(error?.kind == .syntax)
            #expect(error?.code == "SQLITE_ERROR (1)")
            #expect(error?.message == "incomplete input")
            #expect(error?.backend == "local")
            #expect(error?.statement == "SELECT 1 FROM")
        }
    }

    @Test func unknownColumnPointsAtIt() async throws {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            let error = await sqliteError { try await backend.execute("SELECT nosuch FROM sqlite_schema") }
            #expect(error?.kind == .syntax)
            #expect(error?.message == "no such column: nosuch")
            #expect(error?.position == 8)
        }
    }

    @Test func positionCountsCharactersNotBytes() async throws {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            let error = await sqliteError { try await backend.execute("SELECT 'é', nosuch") }
            #expect(error?.position == 13)
        }
    }

    @Test func positionInALaterStatementIsCountedFromTheStartOfTheText() async throws {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            let error = await sqliteError { try await backend.execute("SELECT 1; SELECT nosuch") }
            #expect(error?.position == 18)
        }
    }

    @Test func unknownTableIsASyntaxError() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let error = await sqliteError { try await backend.execute("SELECT * FROM missing") }
            #expect(error?.kind == .syntax)
            #expect(error?.message == "no such table: missing")
        }
    }

    @Test func uniqueViolationIsAConstraintErrorWithTheExtendedCode() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE users (email TEXT UNIQUE)")
            try await backend.execute("INSERT INTO users VALUES ('a@x')")
            let error = await sqliteError { try await backend.execute("INSERT INTO users VALUES ('a@x')") }
            #expect(error?.kind == .constraint)
            #expect(error?.code == "SQLITE_CONSTRAINT_UNIQUE (2067)")
            #expect(error?.message == "UNIQUE constraint failed: users.email")
            #expect(error?.statement == "INSERT INTO users VALUES ('a@x')")
        }
    }

    @Test func foreignKeysAreEnforced() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
            try await backend.execute("CREATE TABLE child (parent_id INTEGER REFERENCES parent(id))")
            let error = await sqliteError { try await backend.execute("INSERT INTO child VALUES (99)") }
            #expect(error?.kind == .constraint)
            #expect(error?.code == "SQLITE_CONSTRAINT_FOREIGNKEY (787)")
        }
    }

    @Test func notNullViolationNamesTheColumn() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v TEXT NOT NULL)")
            let error = await sqliteError { try await backend.execute("INSERT INTO t VALUES (?)", [.null]) }
            #expect(error?.kind == .constraint)
            #expect(error?.code == "SQLITE_CONSTRAINT_NOTNULL (1299)")
            #expect(error?.message == "NOT NULL constraint failed: t.v")
        }
    }

    @Test func runtimeErrorIsADatabaseError() async throws {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            let error = await sqliteError { _ = try await backend.query("SELECT json_extract('{', '$')").collect() }
            #expect(error?.kind == .database)
            #expect(error?.message == "malformed JSON")
        }
    }

    @Test func textWithANulCharacterIsRefused() async throws {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            try await backend.execute("INSERT INTO t VALUES (1)")
            let error = await sqliteError { try await backend.execute("SELECT 1\u{0}; DELETE FROM t") }
            #expect(error?.kind == .invalidInput)
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(1))
        }
    }

    @Test func connectionStaysUsableAfterAnError() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            for _ in 0..<10 { _ = await sqliteError { try await backend.execute("SELEC 1") } }
            #expect(try await backend.scalar("SELECT 1") == .int(1))
        }
    }
}
