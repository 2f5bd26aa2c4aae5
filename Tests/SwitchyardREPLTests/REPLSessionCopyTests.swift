import Foundation
import Testing
import Switchyard
import SwitchyardREPL

@Suite struct REPLSessionCopyTests {
    @Test func copyWritesAStatementsRowsIntoAnotherBackendsTable() async throws {
        try await withSession(backends: ["local", "other"]) { f in
            await f.run("""
                CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, born TIMESTAMP);
                INSERT INTO people VALUES (1, 'Ada', '1815-12-10 00:00:00'), (2, NULL, NULL), (3, 'Zoë ''q''', '2024-05-01 12:30:00');
                @other CREATE TABLE "Copied People" (Id INTEGER, "Full Name" TEXT, Born TIMESTAMP);
                """)
            // Bare names match the catalog ignoring case, quoted ones exactly, as \\d matches them.
            let text = await f.printed(#"\copy @other "Copied People" (ID, "Full Name", born) FROM SELECT * FROM people ORDER BY id"#)
            #expect(f.errors.text.isEmpty, "\(f.errors.text)")
            #expect(text == "Copied 3 rows from local into other.Copied People.\n")
            let rows = await f.printed(#"@other SELECT * FROM "Copied People" ORDER BY Id;"#)
            #expect(rows.contains(" 3 | Zoë 'q'   | 2024-05-01T12:30:00"), "\(rows)")
            #expect(rows.contains(" 2 | NULL      | NULL"), "\(rows)")
            // Within one backend, from a source named with @.
            await f.run("CREATE TABLE names (name TEXT);")
            #expect(await f.printed("\\copy names FROM @local SELECT name FROM people WHERE name IS NOT NULL") == "Copied 2 rows from local into local.names.\n")
        }
    }

    @Test func aCopyThatFailsOrTimesOutWritesNothing() async throws {
        try await withSession(backends: ["local", "other"]) { f in
            await f.run("@other CREATE TABLE n (x INTEGER PRIMARY KEY);\n@other INSERT INTO n VALUES (700);")
            // The clash comes in the second statement of 500 rows; the first is rolled back.
            _ = await f.printed("\\copy @other n FROM WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) SELECT x FROM c")
            #expect(f.errors.text.contains("UNIQUE constraint failed"), "\(f.errors.text)")
            // An endless source under \timeout: stopped, and nothing written either.
            _ = await f.printed("\\timeout 300ms\n\\copy @other n FROM WITH RECURSIVE c(x) AS (SELECT 1000 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c")
            #expect(f.errors.text.contains("timeout"), "\(f.errors.text)")
            #expect(await f.printed("\\timeout off\n@other SELECT count(*) AS n FROM n;").contains(" 1\n"))
            #expect(await f.session.failureCount == 2)
        }
    }

    @Test func aCopyInsideAnOpenTransactionIsUndoneByItsRollback() async throws {
        try await withSession(backends: ["local", "other"]) { f in
            await f.run("@other CREATE TABLE n (x INTEGER);\nCREATE TABLE src (x INTEGER);\nINSERT INTO src VALUES (1), (2);")
            let text = await f.printed("@other BEGIN;\n\\copy @other n FROM SELECT x FROM src\n@other SELECT count(*) AS inside FROM n;\n@other ROLLBACK;")
            #expect(f.errors.text.isEmpty, "\(f.errors.text)")
            #expect(text.contains("Copied 2 rows"))
            #expect(text.contains("      2\n"), "\(text)")  // seen inside the transaction
            #expect(await f.printed("@other SELECT count(*) AS after FROM n;").contains("     0\n"))
        }
    }

    @Test func csvTheSessionWroteCopiesBackIntoAnotherBackend() async throws {
        try await withSession(backends: ["local", "other"]) { f in
            let file = f.path("people.csv")
            await f.run("""
                CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, born TIMESTAMP);
                INSERT INTO people VALUES (1, 'Ada, "the first"', '1815-12-10 00:00:00'), (2, NULL, NULL), (3, '', '2024-05-01 12:30:00');
                @other CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, born TIMESTAMP);
                \\format csv
                \\o \(file)
                SELECT * FROM people ORDER BY id;
                \\o
                \\format table
                """)
            let copied = await f.printed("\\copy @other people FROM '\(file)' CSV HEADER")
            #expect(f.errors.text.isEmpty, "\(f.errors.text)")
            #expect(copied == "Copied 3 rows from \(file) into other.people.\n")
            let query = "SELECT id, name IS NULL AS null_name, name, born FROM people ORDER BY id;"
            #expect(await f.printed("@other " + query) == (await f.printed(query)))
        }
    }

    @Test func aCSVFileWithoutHeaderFillsTheTablesColumnsInOrder() async throws {
        try await withSession { f in
            try "1,Ada\n2,\n3,\"\"\n".write(toFile: f.path("plain.csv"), atomically: true, encoding: .utf8)
            await f.run("CREATE TABLE t (id INTEGER, name TEXT);")
            #expect(await f.printed("\\copy t FROM '\(f.path("plain.csv"))'").hasPrefix("Copied 3 rows"))
            #expect(await f.printed("SELECT count(*) AS nulls FROM t WHERE name IS NULL;").contains("     1\n"))
            // A record of the wrong width names its line, and nothing of the file is copied.
            try "4,Grace\n5\n".write(toFile: f.path("short.csv"), atomically: true, encoding: .utf8)
            _ = await f.printed("\\copy t FROM '\(f.path("short.csv"))'")
            #expect(f.errors.text.contains("'\(f.path("short.csv"))' line 2: 1 field(s), expected 2 (id, name)"), "\(f.errors.text)")
            #expect(await f.printed("SELECT count(*) AS n FROM t;").contains(" 3\n"))
            f.errors.clear()
            _ = await f.printed("\\copy nowhere FROM '\(f.path("plain.csv"))'")
            #expect(f.errors.text.contains("name the columns, or read them from its first line with HEADER"), "\(f.errors.text)")
        }
    }

    @Test func aRowTheDatabaseRefusesIsNamedByItsLineInTheFile() async throws {
        try await withSession { f in
            // Row 700 is on line 702: after the header and a field with a line break in it.
            let lines = ["id,n,note", "1,1,\"two\nlines\""] + (2...1000).map { $0 == 700 ? "700,abc," : "\($0),\($0)," }
            try lines.joined(separator: "\n").write(toFile: f.path("typed.csv"), atomically: true, encoding: .utf8)
            await f.run("CREATE TABLE typed (id INTEGER, n INTEGER, note TEXT) STRICT;")
            _ = await f.printed("\\copy typed FROM '\(f.path("typed.csv"))' CSV HEADER")
            #expect(
                f.errors.text.contains("row 700 of the source ('\(f.path("typed.csv"))' line 702): cannot store TEXT value in INTEGER column typed.n"),
                "\(f.errors.text)")
            #expect(await f.printed("SELECT count(*) AS n FROM typed;").contains(" 0\n"))
        }
    }

    @Test func aHeaderMustNameEachColumnOnce() async throws {
        try await withSession { f in
            await f.run("CREATE TABLE t (a TEXT, b TEXT);")
            for (header, message) in [("a,a", "the header names 'a' twice (fields 1 and 2)"), ("a,", "the header's field 2 is empty"), ("\"\",b", "the header's field 1 is empty")] {
                try "\(header)\n1,2\n".write(toFile: f.path("h.csv"), atomically: true, encoding: .utf8)
                f.errors.clear()
                _ = await f.printed("\\copy t FROM '\(f.path("h.csv"))' CSV HEADER")
                #expect(f.errors.text.contains("'\(f.path("h.csv"))' line 1: \(message)"), "\(f.errors.text)")
            }
            // A column list names the columns: the header line is only skipped.
            #expect(await f.printed("\\copy t (a, b) FROM '\(f.path("h.csv"))' CSV HEADER").hasPrefix("Copied 1 row"))
        }
    }

    @Test func tabSeparatedFilesReadWithDelimiterBackslashT() async throws {
        try await withSession { f in
            try "a\tb\n1\tx, y\n".write(toFile: f.path("t.tsv"), atomically: true, encoding: .utf8)
            await f.run("CREATE TABLE t (a INTEGER, b TEXT);")
            #expect(await f.printed("\\copy t FROM '\(f.path("t.tsv"))' CSV HEADER DELIMITER '\\t'").hasPrefix("Copied 1 row"), "\(f.errors.text)")
            #expect(await f.printed("\\copy t FROM '\(f.path("t.tsv"))' WITH (FORMAT csv, HEADER, DELIMITER E'\\t')").hasPrefix("Copied 1 row"), "\(f.errors.text)")
            #expect(await f.printed("SELECT b FROM t;").components(separatedBy: "x, y").count == 3)
        }
    }

    @Test func longFieldsAndLineBreaksAcrossTheReadsOfALargeFileReadWhole() async throws {
        try await withSession { f in
            // A 10 MB field with quotes and CRLFs inside, then rows of lengths that put their
            // quotes and CRLFs on every side of the 64 KiB reads.
            let long = String(repeating: "x\"\"\r\nyz", count: 1_500_000)
            var text = "id,note\r\n1,\"\(long)\"\r\n"
            for id in 2...3000 { text += "\(id),\"\(String(repeating: "q", count: id % 97))\r\n\"\"\"\r\n" }
            try text.write(toFile: f.path("big.csv"), atomically: true, encoding: .utf8)
            await f.run("CREATE TABLE t (id INTEGER, note TEXT);")
            #expect(await f.printed("\\copy t FROM '\(f.path("big.csv"))' CSV HEADER") == "Copied 3000 rows from \(f.path("big.csv")) into local.t.\n", "\(f.errors.text)")
            let checks = "SELECT length(note) AS n FROM t WHERE id = 1 UNION ALL SELECT count(*) FROM t WHERE id > 1 AND note = substr('qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq', 1, id % 97) || char(13, 10) || '\"';"
            let counted = await f.printed(checks)
            #expect(counted.contains(" 9000000\n") && counted.contains(" 2999\n"), "\(counted) \(f.errors.text)")
        }
    }

    @Test(.timeLimit(.minutes(1))) func aFIFOIsReadAsItsWriterWritesAndCtrlCStopsTheWaitForOne() async throws {
        try await withSession { f in
            await f.run("CREATE TABLE t (a INTEGER, b TEXT);")
            let fifo = f.path("rows.fifo")
            #expect(mkfifo(fifo, 0o600) == 0)
            let writer = Thread {
                guard let handle = FileHandle(forWritingAtPath: fifo) else { return }
                handle.write(Data("a,b\n1,x\n2,y\n".utf8))
                try? handle.close()
            }
            writer.start()
            #expect(await f.printed("\\copy t FROM '\(fifo)' CSV HEADER").hasPrefix("Copied 2 rows"), "\(f.errors.text)")
            // No writer: the copy waits, and an interrupt ends the wait, nothing copied.
            let session = f.session
            let run = Task { await session.run(ScriptedLineSource(text: "\\copy t FROM '\(fifo)' CSV HEADER\nSELECT 42 AS answer;"), interactive: true) }
            let deadline = ContinuousClock.now + .seconds(10)
            while !session.isRunningStatement, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            try await Task.sleep(for: .milliseconds(200))
            #expect(session.interrupt())
            #expect(await run.value == .finished)
            #expect(f.errors.text.contains("cancelled"), "\(f.errors.text)")
            #expect(f.output.text.contains("answer"))

            // A writer that goes quiet after a row: an interrupt stops the read waiting for more.
            let quiet = DispatchSemaphore(value: 0)
            let stalling = Thread {
                guard let handle = FileHandle(forWritingAtPath: fifo) else { return }
                handle.write(Data("a,b\n3,z\n".utf8))
                _ = quiet.wait(timeout: .now() + 30)
                try? handle.close()
            }
            stalling.start()
            f.errors.clear()
            let stalled = Task { await session.run(ScriptedLineSource(text: "\\copy t FROM '\(fifo)' CSV HEADER"), interactive: true) }
            while !session.isRunningStatement, ContinuousClock.now < deadline + .seconds(10) { try await Task.sleep(for: .milliseconds(10)) }
            try await Task.sleep(for: .milliseconds(300))
            let interrupted = ContinuousClock.now
            #expect(session.interrupt())
            #expect(await stalled.value == .finished)
            #expect(ContinuousClock.now - interrupted < .seconds(10), "the copy waited for the quiet writer")
            quiet.signal()
            #expect(f.errors.text.contains("cancelled"), "\(f.errors.text)")
            #expect(await f.printed("SELECT count(*) AS n FROM t;").contains(" 2\n"))
        }
    }

    @Test func aHeaderWiderThanTheColumnListSaysHowManyEachHas() async throws {
        try await withSession { f in
            try "id,name\n1,Ada\n".write(toFile: f.path("people.csv"), atomically: true, encoding: .utf8)
            await f.run("CREATE TABLE t (id INTEGER, name TEXT);")
            _ = await f.printed("\\copy t (id) FROM '\(f.path("people.csv"))' HEADER")
            #expect(f.errors.text.contains("'\(f.path("people.csv"))' has 2 columns in its header, but the column list names 1"), "\(f.errors.text)")
            #expect(await f.printed("SELECT count(*) AS n FROM t;").contains(" 0\n"))
        }
    }

    @Test func aReadOnlySessionRefusesToCopy() async throws {
        try await withSession(backends: ["local", "other"], readOnly: true) { f in
            _ = await f.printed("\\copy @other t FROM SELECT 1 AS x")
            #expect(f.errors.text.contains("read-only"), "\(f.errors.text)")
        }
    }

    @Test func badCopiesAreOneClearError() async throws {
        try await withSession(backends: ["local", "other"]) { f in
            await f.run("@other CREATE TABLE t (a INTEGER, b INTEGER);")
            _ = await f.printed("\\copy @nowhere t FROM SELECT 1")
            #expect(f.errors.text.contains("no backend named 'nowhere'"))
            f.errors.clear()
            _ = await f.printed("\\copy @other t (a) FROM SELECT 1, 2")
            #expect(f.errors.text.contains("the source returns 2 column(s) (1, 2) but 1 target column(s) were named (a)"), "\(f.errors.text)")
            f.errors.clear()
            _ = await f.printed("\\copy @other missing FROM SELECT 1 AS a")
            #expect(f.errors.text.contains("no such table: missing"), "\(f.errors.text)")
        }
    }
}
