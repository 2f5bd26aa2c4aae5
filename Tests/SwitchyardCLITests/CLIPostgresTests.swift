import Foundation
import Testing

/// The binary on a real PostgreSQL server: queries, catalog commands, errors with a
/// caret, secrets kept out of the output, read-only sessions and Ctrl-C.
@Suite(.enabled(if: CLITestServers.postgresAvailable, CLITestServers.postgresMissing))
struct CLIPostgresTests {
    /// Runs the binary on `pg=<server>` with a fresh two-row table, dropped afterwards.
    private func run(_ purpose: String, before: [String] = [], _ arguments: (String) -> [String]) async throws -> (CLIResult, String) {
        let url = try CLITestServers.requirePostgres()
        let table = CLITestServers.uniqueName(purpose)
        var result: CLIResult?
        try await withSandbox { sandbox in
            let setup = try await sandbox.run([
                "pg=\(url)", "-c",
                "CREATE TABLE \(table) (id integer PRIMARY KEY, name text NOT NULL); INSERT INTO \(table) VALUES (1, 'Ann'), (2, 'Bo');",
            ])
            try #require(setup.status == 0, "\(setup.stderr)")
            result = try await sandbox.run(before + ["pg=\(url)"] + arguments(table))
            _ = try await sandbox.run(["pg=\(url)", "-c", "DROP TABLE IF EXISTS \(table);"])
        }
        return (try #require(result), table)
    }

    @Test func queriesPrintTheirRows() async throws {
        let (result, _) = try await run("query") { t in ["-c", "SELECT name, id * 10 AS tens FROM \(t) ORDER BY id;"] }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == " name | tens\n------+------\n Ann  |   10\n Bo   |   20\n(2 rows)\n")
    }

    @Test func escapeStringsEndWhereTheServerEndsThem() async throws {
        // `E'it\'s'` is one string to PostgreSQL: the statements after it are split, and each runs on its own.
        let (result, _) = try await run("escape") { t in
            ["-c", #"INSERT INTO \#(t) VALUES (3, E'it\'s'); SELECT name FROM \#(t) WHERE id = 3; SELECT count(*) AS n FROM \#(t);"#]
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(" it's\n(1 row)\n"), "\(result.stdout)")
        #expect(result.stdout.contains(" n\n---\n 3\n(1 row)\n"), "\(result.stdout)")
    }

    @Test func theServersTagAndNoticesArePrinted() async throws {
        let (result, _) = try await run("tag") { t in
            ["-c", "BEGIN; INSERT INTO \(t) VALUES (1, 'duplicate');", "-c", "COMMIT;",
             "-c", "DROP TABLE IF EXISTS no_such_table_here;", "-c", "CREATE TEMP TABLE scratch (id int);",
             "-c", "DO $$ BEGIN RAISE NOTICE 'hello from %', 'plpgsql'; END $$;"]
        }
        // The failed transaction's COMMIT is a rollback, as the server says.
        #expect(result.stdout.contains("\nROLLBACK\n"), "\(result.stdout)")
        #expect(!result.stdout.contains("COMMIT"), "\(result.stdout)")
        #expect(result.stdout.contains("NOTICE: table \"no_such_table_here\" does not exist, skipping\n"), "\(result.stdout)")
        #expect(result.stdout.contains("\nCREATE TABLE\n"), "\(result.stdout)")
        #expect(result.stdout.contains("NOTICE: hello from plpgsql\n"), "\(result.stdout)")
    }

    @Test func aSessionSetOutsideATransactionIsExplainedOnce() async throws {
        let (result, _) = try await run("setnote") { _ in
            ["-c", "SET search_path TO nowhere;", "-c", "SHOW search_path;",
             "-c", "BEGIN; SET search_path TO nowhere; SET LOCAL statement_timeout = '5s'; SHOW search_path; ROLLBACK;",
             "-c", "SET LOCAL statement_timeout = '5s';"]
        }
        #expect(result.status == 0, "\(result.stderr)")
        // Said after the SET typed on its own, and not inside BEGIN … ROLLBACK, nor after a SET LOCAL.
        let notes = result.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("NOTE:") }
        #expect(notes == [
            "NOTE: this SET lasted for this statement only: outside BEGIN … COMMIT, pg resets the session before the next one "
                + "(set it inside a transaction, or in the backend's URL)",
        ], "\(result.stdout)")
        #expect(result.stdout.hasPrefix("SET\nNOTE: this SET"), "\(result.stdout)")
        #expect(result.stdout.contains(" nowhere\n(1 row)\n"), "\(result.stdout)")  // inside the transaction it lasts
    }

    @Test func aTimeoutIsNamedInMillisecondsAsOnSQLiteAndAsTimeoutShowsIt() async throws {
        let (result, _) = try await run("timeout") { _ in ["-c", "\\timeout 200ms", "-c", "SELECT pg_sleep(5);"] }
        #expect(result.stdout.contains("Timeout is 200.000 ms."), "\(result.stdout)")
        #expect(result.stderr.contains("timeout of 200.000 ms"), "\(result.stderr)")
    }

    @Test func aTransactionLostWithItsConnectionIsNotContinuedOutsideIt() async throws {
        let (result, table) = try await run("lost") { t in
            ["-c", """
                BEGIN;
                INSERT INTO \(t) VALUES (3, 'lost');
                SELECT pg_terminate_backend(pg_backend_pid());
                INSERT INTO \(t) VALUES (4, 'must not autocommit');
                ROLLBACK;
                SELECT count(*) AS n FROM \(t);
                """]
        }
        #expect(result.stderr.contains("refused until ROLLBACK"), "\(result.stderr)")
        #expect(result.stdout.contains(" n\n---\n 2\n(1 row)\n"), "\(result.stdout) \(table)")
    }

    @Test func copyFromStandardInputExplainsWhatWorksInstead() async throws {
        let (result, _) = try await run("copy") { t in ["-c", "COPY \(t) FROM STDIN;"] }
        #expect(result.status == 1)
        #expect(result.stderr.contains("INSERT … VALUES"), "\(result.stderr)")
        #expect(!result.stderr.contains("query()"), "\(result.stderr)")
    }

    @Test func anAtomicFunctionBodyKeepsItsSemicolonsAndTheFunctionRuns() async throws {
        let function = CLITestServers.uniqueName("atomic")
        // psql's rule: BEGIN opens a block, CASE inside it opens one too, END closes one; a `;` inside stays.
        let script = """
            CREATE FUNCTION \(function)(a integer) RETURNS integer LANGUAGE sql
            BEGIN ATOMIC
              SELECT CASE WHEN a > 0 THEN a * 2 ELSE 0 END;
            END;
            SELECT \(function)(21) AS doubled, \(function)(-1) AS floor;
            DROP FUNCTION \(function);
            """
        let url = try CLITestServers.requirePostgres()
        try await withSandbox { sandbox in
            let ran = try await sandbox.run(["--bail", "pg=\(url)"], stdin: script)
            #expect(ran.status == 0, "\(ran.stderr)")
            #expect(ran.stdout == "CREATE FUNCTION\n doubled | floor\n---------+-------\n      42 |     0\n(1 row)\nDROP FUNCTION\n", "\(ran.stdout)")
        }
    }

    @Test func nestedCommentsEndWhereTheServerEndsThem() async throws {
        // PostgreSQL nests block comments: the `;` inside the inner one's parent does not end the statement.
        let (result, _) = try await run("nested") { t in
            ["-c", "SELECT count(*) AS n /* outer /* inner */ still a comment; */ FROM \(t); SELECT 'after' AS next;"]
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == " n\n---\n 2\n(1 row)\n next\n-------\n after\n(1 row)\n", "\(result.stdout)")
    }

    @Test func aTriggerWithoutBodyEndsAtItsSemicolon() async throws {
        let function = CLITestServers.uniqueName("trigger_fn")
        let (result, _) = try await run("trigger") { t in
            ["-c", """
                CREATE FUNCTION \(function)() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.name := upper(NEW.name); RETURN NEW; END $$;
                CREATE TRIGGER upper_name BEFORE INSERT ON \(t) FOR EACH ROW EXECUTE FUNCTION \(function)();
                INSERT INTO \(t) VALUES (3, 'cy');
                SELECT name FROM \(t) WHERE id = 3;
                DROP TRIGGER upper_name ON \(t); DROP FUNCTION \(function);
                """]
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("CREATE TRIGGER\nINSERT: 1 row affected\n name\n------\n CY\n(1 row)\n"), "\(result.stdout)")
    }

    @Test func describeFindsATableByItsQuotedName() async throws {
        let (result, _) = try await run("quoted") { t in
            let quoted = "\"\(t) Mixed\""
            let lower = "\"\(t) mixed\""
            return [
                "-c", "CREATE TABLE \(quoted) (\"Id\" integer); CREATE TABLE \(lower) (other text);",
                "-c", "\\d \(quoted)", "-c", "\\d public.\(lower)", "-c", "DROP TABLE \(quoted); DROP TABLE \(lower);",
            ]
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(" Mixed\n column |  type   | nullable | primary key\n--------+---------+----------+-------------\n Id     | integer | yes      |\n"), "\(result.stdout)")
        #expect(result.stdout.contains(" mixed\n column | type | nullable | primary key\n--------+------+----------+-------------\n other  | text | yes      |\n"), "\(result.stdout)")
    }

    @Test func listAndDescribeShowSchemasTablesAndColumns() async throws {
        let (result, table) = try await run("catalog") { t in ["-c", "\\dn", "-c", "\\dt", "-c", "\\d \(t)"] }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(" public "))
        #expect(result.stdout.contains(" public.\(table) "))
        #expect(result.stdout.contains("Table public.\(table)"))
        #expect(result.stdout.contains(" id     | integer | no       | yes"), "\(result.stdout)")
    }

    @Test func schemasListIncludesAnEmptySchema() async throws {
        let schema = CLITestServers.uniqueName("empty_schema")
        let (result, _) = try await run("schemas") { _ in
            ["-c", "CREATE SCHEMA \(schema);", "-c", "\\dn", "-c", "DROP SCHEMA \(schema);"]
        }
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(result.stdout.components(separatedBy: "\n").first { $0.contains(" \(schema) ") }, "\(result.stdout)")
        #expect(line.replacingOccurrences(of: " ", with: "") == "\(schema)|0|0")
    }

    @Test func anErrorPointsACaretAtThePositionPostgreSQLReports() async throws {
        let (result, table) = try await run("caret") { t in ["-c", "SELECT * FROM \(t) WHERE nme = 1;"] }
        #expect(result.status == 1)
        let lines = result.stderr.components(separatedBy: "\n")
        let statementLine = "LINE 1: SELECT * FROM \(table) WHERE nme = 1"
        let index = try #require(lines.firstIndex(of: statementLine), "\(result.stderr)")
        let caretColumn = statementLine.distance(from: statementLine.startIndex, to: try #require(statementLine.range(of: "nme")).lowerBound)
        #expect(lines[index + 1] == String(repeating: " ", count: caretColumn) + "^")
    }

    @Test func thePasswordNeverReachesBackendsOrErrors() async throws {
        let password = try #require(CLITestServers.postgresPassword, "the test URL carries a password")
        let (result, _) = try await run("secret") { t in ["-c", "\\backends", "-c", "SELECT nope FROM \(t);"] }
        #expect(result.stdout.contains("***"), "\(result.stdout)")
        #expect(!result.stdout.contains(password))
        #expect(!result.stderr.contains(password))
        let url = try CLITestServers.requirePostgres()
        let wrongDatabase = url.replacingOccurrences(of: "/switchyard_test", with: "/no_such_database")
        try await withSandbox { sandbox in
            let failed = try await sandbox.run(["pg=\(wrongDatabase)", "-c", "SELECT 1;"])
            #expect(failed.status != 0)
            #expect(failed.stderr.contains("no_such_database"), "\(failed.stderr)")
            #expect(!failed.stderr.contains(password))
        }
    }

    @Test func readOnlyRefusesInsert() async throws {
        let (result, _) = try await run("readonly", before: ["--read-only"]) { t in
            ["-c", "INSERT INTO \(t) VALUES (3, 'Cy');", "-c", "SELECT count(*) AS n FROM \(t);"]
        }
        #expect(result.status == 1)
        #expect(result.stderr.contains("read-only"), "\(result.stderr)")
        #expect(result.stdout.contains(" 2\n(1 row)"), "\(result.stdout)")
    }

    @Test func readOnlyRefusesAWriteAfterACombiningMarkOrACRLFComment() async throws {
        // PostgreSQL ends the string at its quote and the comment at the line break; Swift joins each to the next character.
        let (result, _) = try await run("readonlymark", before: ["--read-only"]) { t in
            ["-c", "SELECT 'a'\u{301}x; DELETE FROM \(t) WHERE id = 1; SELECT 'z';",
             "-c", "SELECT 1; -- note\r\nDELETE FROM \(t) WHERE id = 2;", "-c", "SELECT count(*) AS n FROM \(t);"]
        }
        #expect(result.status == 1)
        // Refused by the guard, not only stopped by the read-only transaction behind it.
        #expect(result.stderr.contains("refusing a write statement in a read-only session"), "\(result.stderr)")
        #expect(!result.stderr.contains("cannot execute DELETE"), "\(result.stderr)")
        #expect(result.stdout.contains(" 2\n(1 row)"), "\(result.stdout)")
    }

    @Test func anAllowListRefusesAWriteAfterACombiningMarkOrACRLFComment() async throws {
        // No read-only transaction backs an allow-list up: if the list misread the text, PostgreSQL would delete.
        let url = try CLITestServers.requirePostgres()
        let table = CLITestServers.uniqueName("allowmark")
        try await withSandbox { sandbox in
            let setup = try await sandbox.run([
                "pg=\(url)", "-c", "CREATE TABLE \(table) (id integer PRIMARY KEY); INSERT INTO \(table) VALUES (1), (2);",
            ])
            try #require(setup.status == 0, "\(setup.stderr)")
            try sandbox.write("""
                { "backends": [{ "name": "pg", "url": "${PG_URL}", "processors": [{ "kind": "allowList", "operations": ["SELECT"] }] }] }
                """, to: "switchyard.json")
            let refused = try await sandbox.run([
                "--config", sandbox.path("switchyard.json"),
                "-c", "SELECT 'a'\u{301}x; DELETE FROM \(table) WHERE id = 1; SELECT 'z';",
                "-c", "SELECT 1; -- note\r\nDELETE FROM \(table) WHERE id = 2;",
            ], variables: ["PG_URL": url])
            let count = try await sandbox.run(["pg=\(url)", "-c", "SELECT count(*) AS n FROM \(table);"])
            _ = try await sandbox.run(["pg=\(url)", "-c", "DROP TABLE IF EXISTS \(table);"])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("DELETE"), "\(refused.stderr)")
            #expect(count.stdout.contains(" 2\n(1 row)"), "\(count.stdout)")
        }
    }

    @Test func ctrlCCancelsALongQueryOnTheServerAndTheSessionGoesOn() async throws {
        let url = try CLITestServers.requirePostgres()
        let fixture = try await InteractiveREPLFixture()
        let session = try PTYProcess(
            executable: try InteractiveREPLFixture.binary(), arguments: ["pg=\(url)"], environment: fixture.environment)
        try await session.expect("pg=> ")
        session.send("SELECT pg_sleep(30);\r")
        try await session.expect("SELECT pg_sleep(30);")
        // Wait until the editor has left raw mode: the statement is running and Ctrl-C now raises SIGINT.
        let deadline = ContinuousClock.now + .seconds(5)
        while session.terminalModes?.isRaw == true && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        try await Task.sleep(for: .milliseconds(300))
        let interrupted = ContinuousClock.now
        session.send("\u{3}")
        // PostgreSQL's own message: the query was cancelled on the server, not just abandoned.
        try await session.expect("canceling statement due to user request", within: .seconds(12))
        #expect(ContinuousClock.now - interrupted < .seconds(10))
        try await session.expect("pg=> ")
        session.send("SELECT 'still' || '-alive' AS s;\r")
        try await session.expect("still-alive")
        session.send("\\q\r")
        _ = try await session.waitForExit()
    }
}
