import Foundation
import Testing

/// `@a,b` over PostgreSQL and SQLite at once: one result, its columns lined up by name.
@Suite(.enabled(if: CLITestServers.postgresAvailable, CLITestServers.postgresMissing))
struct CLIFanOutTests {
    @Test func aFanOutLinesColumnsUpByNameAndKeepsAResultsOwnBackendColumn() async throws {
        let url = try CLITestServers.requirePostgres()
        let table = CLITestServers.uniqueName("fanout")
        try await withSandbox { sandbox in
            let backends = ["pg=\(url)", "local=sqlite:local.db"]
            // The same table on both, its columns in another order, one of them different.
            let setup = try await sandbox.run(backends + [
                "-c", "@pg CREATE TABLE \(table) (id integer, name text, region text);",
                "-c", "@pg INSERT INTO \(table) VALUES (1, 'Ann', 'north');",
                "-c", "@local CREATE TABLE \(table) (region text, id integer, backend text);",
                "-c", "@local INSERT INTO \(table) VALUES ('south', 2, 'file');",
            ])
            let result = try await sandbox.run(backends + ["--format", "csv", "-c", "@pg,local SELECT * FROM \(table) ORDER BY id;"])
            _ = try await sandbox.run(backends + ["-c", "@pg DROP TABLE IF EXISTS \(table);"])
            try #require(setup.status == 0, "\(setup.stderr)")
            #expect(result.status == 0, "\(result.stderr)")
            // CSV lines end with CRLF.
            #expect(result.stdout.split(whereSeparator: \.isNewline) == ["backend_1,id,name,region,backend", "pg,1,Ann,north,", "local,2,,south,file"])
        }
    }

    @Test func aWriteOnSeveralBackendsSaysWhatItDidOnEach() async throws {
        let url = try CLITestServers.requirePostgres()
        let table = CLITestServers.uniqueName("fanout_write")
        try await withSandbox { sandbox in
            let backends = ["pg=\(url)", "local=sqlite:local.db"]
            let result = try await sandbox.run(backends + [
                "-c", "@pg,local CREATE TABLE \(table) (id integer);",
                "-c", "@pg,local INSERT INTO \(table) VALUES (1), (2);",
                "-c", "@local,pg DELETE FROM \(table) WHERE id = 1;",
            ])
            _ = try await sandbox.run(backends + ["-c", "@pg DROP TABLE IF EXISTS \(table);"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == """
                pg: CREATE TABLE
                local: CREATE TABLE
                pg: INSERT: 2 rows affected
                local: INSERT: 2 rows affected
                local: DELETE: 1 row affected
                pg: DELETE: 1 row affected

                """, "\(result.stdout)")
        }
    }
}
