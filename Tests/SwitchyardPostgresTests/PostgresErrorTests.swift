import Foundation
import Switchyard
import SwitchyardPostgres
import Testing

/// Errors carry what psql shows: SQLSTATE, message, detail, hint, position; and never a password.
@Suite(.enabled(if: PostgresTestServer.isEnabled, "no PostgreSQL test server: \(PostgresTestServer.startHint)"), .timeLimit(.minutes(1)))
struct PostgresErrorTests {
    @Test func aSyntaxErrorCarriesSQLStateAndPosition() async throws {
        try await withBackend { backend in
            let sql = "SELECT 1 FROM generate_series(1, 2) WHER x"
            let error = await #expect(throws: SwitchyardError.self) { _ = try await backend.query(sql).collect() }
            #expect(error?.kind == .syntax)
            #expect(error?.code == "42601")
            let x = try #require(sql.lastIndex(of: "x"))
            #expect(error?.position == sql.distance(from: sql.startIndex, to: x) + 1)
            #expect(error?.statement == sql)
            #expect(error?.backend == "pg")
            #expect(error?.message.contains("syntax error") == true)
        }
    }

    /// libpq takes the text as a C string: everything after a NUL would silently not be sent,
    /// and `DELETE FROM t\0 WHERE id = 1` emptied the table.
    @Test func aNULInTheStatementTextIsRefusedBeforeAnythingRuns() async throws {
        try await withBackend { backend in
            let table = PostgresTestServer.tableName("nul")
            try await backend.execute("CREATE TABLE \(table) (id int)")
            try await backend.execute("INSERT INTO \(table) VALUES (1), (2), (3)")
            let error = await #expect(throws: SwitchyardError.self) {
                try await backend.execute("DELETE FROM \(table)\u{0} WHERE id = 1")
            }
            #expect(error?.kind == .invalidInput)
            #expect(error?.message.contains("NUL") == true)
            // A NUL in a bound text value is the server's to refuse: it arrives whole, with its length.
            await #expect(throws: SwitchyardError.self) {
                try await backend.execute(Statement("DELETE FROM \(table) WHERE $1::text = 'a'", ["a\u{0}b"]))
            }
            #expect(try await backend.query("SELECT count(*) FROM \(table)").collect().first?[0] == .int(3))
        }
    }

    @Test func anUnknownColumnIsASyntaxErrorWithAHint() async throws {
        try await withBackend { backend in
            let table = PostgresTestServer.tableName("hint")
            try await backend.execute("CREATE TABLE \(table) (name text)")
            let error = await #expect(throws: SwitchyardError.self) {
                _ = try await backend.query("SELECT nmae FROM \(table)").collect()
            }
            #expect(error?.kind == .syntax)
            #expect(error?.code == "42703")
            #expect(error?.position == 8)
            #expect(error?.hint?.contains("name") == true)
            let function = await #expect(throws: SwitchyardError.self) { _ = try await backend.query("SELECT no_such_function(1)").collect() }
            #expect(function?.code == "42883")
            #expect(function?.hint?.isEmpty == false)
        }
    }

    @Test func aConstraintViolationCarriesItsDetail() async throws {
        try await withBackend { backend in
            let table = PostgresTestServer.tableName("unique")
            try await backend.execute("CREATE TABLE \(table) (id int PRIMARY KEY, parent int CHECK (parent > 0))")
            try await backend.execute(Statement("INSERT INTO \(table) VALUES ($1, $2)", [1, 1]))
            let duplicate = await #expect(throws: SwitchyardError.self) {
                try await backend.execute(Statement("INSERT INTO \(table) VALUES ($1, $2)", [1, 2]))
            }
            #expect(duplicate?.kind == .constraint)
            #expect(duplicate?.code == "23505")
            #expect(duplicate?.detail == "Key (id)=(1) already exists.")
            let check = await #expect(throws: SwitchyardError.self) {
                try await backend.execute(Statement("INSERT INTO \(table) VALUES ($1, $2)", [2, -1]))
            }
            #expect(check?.kind == .constraint)
            #expect(check?.code == "23514")
        }
    }

    @Test func anErrorInTheSecondStatementPointsIntoTheWholeText() async throws {
        try await withBackend { backend in
            let sql = "SELECT 1; SELECT nope FROM generate_series(1, 1)"
            let error = await #expect(throws: SwitchyardError.self) { _ = try await backend.query(sql).collect() }
            #expect(error?.code == "42703")
            #expect(error?.position == 18)
        }
    }

    @Test func badInputForATypeIsInvalidInput() async throws {
        try await withBackend { backend in
            let error = await #expect(throws: SwitchyardError.self) {
                _ = try await backend.query(Statement("SELECT $1::integer", [.text("twelve")])).collect()
            }
            #expect(error?.kind == .invalidInput)
            #expect(error?.code == "22P02")
        }
    }

    @Test func aWrongPasswordNeverShowsThePassword() async throws {
        do {
            let url = try PostgresTestServer.requireURL()
            let password = try #require(PostgresTestServer.password)
            let wrong = url.replacingOccurrences(of: ":\(password)@", with: ":\(password)-wrong@")
            let error = await #expect(throws: SwitchyardError.self) { _ = try await PostgresBackend.open(name: "wrong", url: wrong) }
            #expect(error?.kind == .connection)
            #expect(error?.message.contains("password authentication failed") == true)
            #expect(error?.description.contains(password) == false)
            #expect(error?.message.contains("***") == true)
        }
    }

    @Test func connectionErrorsNeverShowThePassword() async throws {
        do {
            let url = try PostgresTestServer.requireURL()
            let password = try #require(PostgresTestServer.password)
            var refused = try #require(URLComponents(string: url))
            refused.port = 1
            let broken = [
                try #require(refused.string) + "?connect_timeout=2",
                url + "?sslmode=bogus",
                url + "?no_such_libpq_option=1",
                url.replacingOccurrences(of: "/switchyard_test", with: "/no_such_database"),
                url + "?password=\(password)&port=notanumber",
            ]
            for text in broken {
                let error = await #expect(throws: SwitchyardError.self) { _ = try await PostgresBackend.open(name: "broken", url: text) }
                let shown = "\(String(describing: error)) \(error?.hint ?? "") \(error?.detail ?? "")"
                #expect(!shown.contains(password), "\(shown)")
                #expect(error?.kind == .connection || error?.kind == .invalidInput || error?.kind == .notFound)
            }
        }
    }

    @Test func theRedactedURLHidesThePassword() async throws {
        try await withBackend { backend in
            let password = try #require(PostgresTestServer.password)
            #expect(!backend.redactedURL.contains(password))
            #expect(backend.redactedURL.contains("***"))
            let health = await backend.health()
            #expect(health.isHealthy)
        }
    }
}
