import Foundation
import Testing
import Switchyard
import SwitchyardREPL

@Suite struct REPLSessionStatementTests {
    @Test func runsStatementsAndPrintsResults() async throws {
        try await withSession { f in
            let text = await f.printed("""
                CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
                INSERT INTO t (name) VALUES ('Zoë'), (NULL);
                SELECT * FROM t ORDER BY id;
                """)
            #expect(text.lines == [
                "CREATE TABLE",
                "INSERT: 2 rows affected",
                " id | name",
                "----+------",
                "  1 | Zoë",
                "  2 | NULL",
                "(2 rows)",
            ])
            #expect(f.errors.text.isEmpty)
            #expect(await f.session.exitStatus == 0)
        }
    }

    @Test func aStatementMaySpanLinesAndEntersHistoryWhole() async throws {
        try await withSession { f in
            let source = ScriptedLineSource(text: "SELECT\n  1 AS one\n;")
            _ = await f.session.run(source)
            #expect(f.output.text.contains(" one"))
            #expect(source.history == ["SELECT\n  1 AS one\n;"])
            #expect(source.promptsShown.prefix(3) == ["local=> ", "local-> ", "local-> "])
        }
    }

    @Test func anErrorIsPrintedAndTheSessionGoesOn() async throws {
        try await withSession { f in
            let text = await f.printed("SELECT * FROM missing;\nSELECT 2 AS two;")
            #expect(f.errors.text.hasPrefix("ERROR: "))
            #expect(f.errors.text.contains("missing"))
            #expect(text.contains(" two"))
            #expect(await f.session.failureCount == 1)
            #expect(await f.session.exitStatus == 1)
        }
    }

    @Test func malformedSQLGetsOneErrorAndKeepsEarlierData() async throws {
        try await withSession { f in
            await f.run("CREATE TABLE t (x INT);\nINSERT INTO t VALUES (1);\nSELEC oops;")
            #expect(f.errors.text.hasPrefix("ERROR: "))
            #expect(await f.printed("SELECT count(*) AS n FROM t;").contains("1"))
        }
    }

    @Test func anUnfinishedStatementAtTheEndOfAScriptStillRuns() async throws {
        try await withSession { f in
            #expect(await f.printed("SELECT 7 AS seven").contains("7"))
        }
    }

    @Test func bailStopsAtTheFirstFailure() async throws {
        try await withSession(settings: REPLSettings(stopOnError: true)) { f in
            let outcome = await f.run("SELECT * FROM missing;\nSELECT 99 AS later;")
            #expect(outcome == .stopped)
            #expect(!f.output.text.contains("later"))
        }
    }

    @Test func ctrlCAtThePromptDiscardsTheUnfinishedStatement() async throws {
        try await withSession { f in
            let source = ScriptedLineSource([.line("SELECT 'discarded"), .interrupted, .line("SELECT 5 AS five;")])
            _ = await f.session.run(source, interactive: true)
            #expect(f.errors.text.isEmpty)
            #expect(f.output.text.contains("five"))
        }
    }

    @Test func interruptCancelsTheRunningStatementAndTheSessionStaysUp() async throws {
        try await withSession { f in
            let endless = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r;"
            let session = f.session
            let run = Task { await session.run(ScriptedLineSource(text: endless + "\nSELECT 42 AS answer;"), interactive: true) }
            let deadline = ContinuousClock.now + .seconds(10)
            while !session.isRunningStatement, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            try await Task.sleep(for: .milliseconds(100))
            #expect(session.interrupt())
            #expect(await run.value == .finished)
            #expect(f.errors.text.contains("cancel"))
            #expect(f.output.text.contains("answer"))
        }
    }

    @Test func readOnlySessionsRefuseWritesAndKeepTheData() async throws {
        try await withSession(readOnly: true) { f in
            await f.run("CREATE TABLE t (x INT);")
            #expect(f.errors.text.contains("read-only"))
            let text = await f.printed("SELECT count(*) AS objects FROM sqlite_master;")
            #expect(text.lines[2] == "       0")
        }
    }

    @Test func timingPrintsTheElapsedTime() async throws {
        try await withSession { f in
            let text = await f.printed("\\timing\nSELECT 1;")
            #expect(text.contains("Timing is on."))
            #expect(text.lines.last?.hasPrefix("Time: ") == true)
            #expect(text.lines.last?.hasSuffix(" ms") == true)
        }
    }

    @Test func aRowLimitCutsResultsAndSaysSo() async throws {
        try await withSession { f in
            let text = await f.printed("""
                \\limit 2
                WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT n FROM r;
                """)
            #expect(f.runtime.rowLimit.limit == 2)
            #expect(text.contains("(2 rows)"))
            #expect(text.contains("(showing first 2 rows; \\limit to change)"))
            _ = await f.printed("\\limit off")
            #expect(f.runtime.rowLimit.limit == nil)
        }
    }

    @Test func machineFormatsKeepStatusLinesOffTheOutput() async throws {
        try await withSession(settings: REPLSettings(format: .json)) { f in
            let text = await f.printed("CREATE TABLE t (x INT);\nINSERT INTO t VALUES (1);\nSELECT x FROM t;")
            let parsed = try JSON.parse(text)
            #expect(parsed == .array([.document(["x": 1])]))
            #expect(f.errors.text.contains("INSERT: 1 row affected"))
        }
    }

    @Test func schemaChangesRefreshTableCompletion() async throws {
        try await withSession { f in
            _ = await f.session.run(ScriptedLineSource(text: "CREATE TABLE zebras (stripes INT);"), interactive: true)
            let result = f.session.completer.complete(CompletionRequest(line: "SELECT * FROM zeb", cursor: 17))
            #expect(result.candidates == ["zebras"])
        }
    }
}

@Suite struct REPLSessionCommandTagTests {
    @Test func writesThroughCommonTableExpressionsAreNamedByTheirMainVerb() async throws {
        try await withSession { f in
            let text = await f.printed("CREATE TABLE t (x INT);\nWITH v(n) AS (SELECT 1 UNION ALL SELECT 2) INSERT INTO t SELECT n FROM v;")
            #expect(text.lines.last == "INSERT: 2 rows affected")
        }
    }
}

@Suite struct REPLSessionIncludeInterruptTests {
    @Test func ctrlCDuringAnIncludedFileStopsTheFileButNotTheSession() async throws {
        try await withSession { f in
            let script = """
                WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r;
                SELECT 'rest of file' AS v;
                """
            try script.write(toFile: f.path("long.sql"), atomically: true, encoding: .utf8)
            let session = f.session
            let source = ScriptedLineSource(text: "\\i \(f.path("long.sql"))\nSELECT 'next prompt' AS v;")
            let run = Task { await session.run(source, interactive: true) }
            let deadline = ContinuousClock.now + .seconds(10)
            while !session.isRunningStatement, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            try await Task.sleep(for: .milliseconds(50))
            session.interrupt()
            #expect(await run.value == .finished)
            #expect(!f.output.text.contains("rest of file"))
            #expect(f.output.text.contains("next prompt"))
        }
    }
}
