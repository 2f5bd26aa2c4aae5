import Foundation
import Testing
import Switchyard

@Suite struct CLIScriptTests {
    @Test func commandOptionPrintsResultsAndExitsZero() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.run(["sqlite:t.db", "-c", "SELECT 1 AS one, 'Zoë' AS name;"])
            #expect(result.status == 0)
            #expect(result.stdout == " one | name\n-----+------\n   1 | Zoë\n(1 row)\n")
            #expect(result.stderr.isEmpty)
        }
    }

    @Test func commandOptionsRunInOrder() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.run([
                "sqlite:t.db", "-c", "CREATE TABLE t (x INT);", "-c", "INSERT INTO t VALUES (1), (2);", "-c", "SELECT sum(x) AS s FROM t",
            ])
            #expect(result.status == 0)
            #expect(result.stdout.contains("CREATE TABLE\nINSERT: 2 rows affected\n"))
            #expect(result.stdout.contains("\n 3\n"))
        }
    }

    @Test func aTimeoutStopsALongStatementAndTheScriptGoesOn() async throws {
        let endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;"
        try await withSandbox { sandbox in
            let start = ContinuousClock.now
            let result = try await sandbox.run(["sqlite:t.db", "--timeout", "300ms", "-c", endless, "-c", "SELECT 41 + 1 AS answer;"])
            #expect(result.status == 1)
            #expect(result.stderr.contains("ERROR: the statement ran longer than its timeout of 300.000 ms"), "\(result.stderr)")
            #expect(result.stdout.contains(" 42\n"))
            #expect(ContinuousClock.now - start < .seconds(60))  // the statement never ends by itself
            // The same from a script, switched on and off by \timeout.
            let script = try await sandbox.run([
                "sqlite:t.db", "-c", "\\timeout 200ms", "-c", endless, "-c", "\\timeout", "-c", "\\timeout off", "-c", "SELECT 7 AS seven;",
            ])
            #expect(script.status == 1)
            #expect(script.stdout.contains("Timeout is 200.000 ms.\n"))
            #expect(script.stdout.contains("Timeout is off.\n"))
            #expect(script.stderr.contains("timeout of 200.000 ms"))
            #expect(script.stdout.contains(" 7\n"))
        }
    }

    @Test func aTimeoutThatIsNoDurationIsAUsageError() async throws {
        try await withSandbox { sandbox in
            for bad in ["soon", "0", "1e300"] {
                let result = try await sandbox.run(["sqlite:t.db", "--timeout", bad, "-c", "CREATE TABLE ran (x INT);"])
                #expect(result.status == 2)
                #expect(result.stderr.contains("--timeout must be a duration such as 500ms, 30s or 2m, not '\(bad)'"), "\(result.stderr)")
                #expect(!FileManager.default.fileExists(atPath: sandbox.path("t.db")))  // nothing ran
            }
        }
    }

    @Test func fileOptionRunsAScript() async throws {
        try await withSandbox { sandbox in
            try sandbox.write("CREATE TABLE t (x INT);\nINSERT INTO t\n  VALUES (41);\nSELECT x + 1 AS answer FROM t;\n", to: "script.sql")
            let result = try await sandbox.run(["sqlite:t.db", "-f", sandbox.path("script.sql")])
            #expect(result.status == 0)
            #expect(result.stdout.contains(" 42\n"))
        }
    }

    @Test func aMissingScriptFileIsOneErrorLineAndAUsageError() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.run(["sqlite:t.db", "-c", "CREATE TABLE ran (x INT);", "-f", sandbox.path("missing.sql")])
            #expect(result.status == 2)
            #expect(!FileManager.default.fileExists(atPath: sandbox.path("t.db")))  // nothing ran
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(result.stderr.contains("missing.sql"))
        }
    }

    @Test func statementsPipedOnStandardInputRun() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.run(["sqlite:t.db"], stdin: "CREATE TABLE t (x INT);\nINSERT INTO t VALUES (7);\nSELECT x FROM t;\n")
            #expect(result.status == 0)
            #expect(result.stdout.contains(" 7\n"))
            #expect(!result.stdout.contains("=>"))  // no prompts when not at a terminal
        }
    }

    @Test func aFailingStatementExitsOneWithTheErrorOnStandardError() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.run(["sqlite:t.db"], stdin: "SELECT * FROM nowhere;\nSELECT 2 AS after;\n")
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("ERROR: "))
            #expect(result.stderr.contains("nowhere"))
            #expect(!result.stdout.contains("ERROR"))
            #expect(result.stdout.contains("after"))  // the script went on
        }
    }

    @Test func bailStopsAtTheFirstFailingStatement() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.run(["sqlite:t.db", "--bail"], stdin: "SELECT * FROM nowhere;\nSELECT 2 AS after;\n")
            #expect(result.status == 1)
            #expect(!result.stdout.contains("after"))
        }
    }

    @Test func csvFormatWritesRFC4180() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.run(["sqlite:t.db", "--format", "csv", "-c", "SELECT 1 AS a, 'x,\"y\"' AS b, NULL AS c;"])
            #expect(result.status == 0)
            #expect(result.stdout == "a,b,c\r\n1,\"x,\"\"y\"\"\",\r\n")
        }
    }

    @Test func jsonFormatWritesAValidArray() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.run(["sqlite:t.db", "--format", "json", "-c", "SELECT 1 AS a, 'ü' AS b UNION ALL SELECT 2, NULL;"])
            #expect(result.status == 0)
            let parsed = try JSON.parse(result.stdout)
            #expect(parsed == .array([.document(["a": 1, "b": "ü"]), .document(["a": 2, "b": .null])]))
        }
    }

    @Test func anUnknownOptionValueIsAUsageError() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.run(["--format", "xml", "-c", "SELECT 1;"])
            #expect(result.status == 2)
            #expect(result.stderr.contains("--format"))
        }
    }

    @Test func interruptingAScriptExits130() async throws {
        try await withSandbox { sandbox in
            let endless = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r;"
            let result = try await sandbox.run(
                ["sqlite:t.db", "-c", "SELECT 'started' AS v;", "-c", endless, "-c", "SELECT 'later' AS v;"],
                interruptAfterOutput: "started")
            #expect(result.status == 130)
            #expect(!result.stdout.contains("later"))
        }
    }

    @Test func versionAndHelpExitZero() async throws {
        try await withSandbox { sandbox in
            let version = try await sandbox.run(["--version"])
            #expect(version.status == 0)
            #expect(version.stdout.first?.isNumber == true)
            let help = try await sandbox.run(["--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("--read-only"))
        }
    }
}

@Suite struct CLIScriptOrderTests {
    @Test func commandsAndFilesRunInTheOrderGiven() async throws {
        try await withSandbox { sandbox in
            try sandbox.write("INSERT INTO t VALUES ('file');\n", to: "insert.sql")
            let result = try await sandbox.run([
                "sqlite:t.db", "-c", "CREATE TABLE t (v TEXT);", "-f", sandbox.path("insert.sql"),
                "-c", "INSERT INTO t VALUES ('command');", "--format", "csv", "-c", "SELECT v FROM t ORDER BY rowid;",
            ])
            #expect(result.status == 0)
            #expect(result.stdout.hasSuffix("v\r\nfile\r\ncommand\r\n"))
        }
    }
}
