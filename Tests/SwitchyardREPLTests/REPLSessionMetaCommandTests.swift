import Foundation
import Testing
import Switchyard
import SwitchyardREPL

@Suite struct REPLSessionMetaCommandTests {
    @Test func unknownCommandsGetOneLineAndTheSessionGoesOn() async throws {
        try await withSession { f in
            let text = await f.printed("\\frobnicate\nSELECT 1 AS after;")
            #expect(f.errors.text.lines.count == 1)
            #expect(f.errors.text.contains("\\frobnicate"))
            #expect(text.contains("after"))
        }
    }

    @Test func helpListsTheCommands() async throws {
        try await withSession { f in
            let text = await f.printed("\\?")
            for command in ["\\dt", "\\d NAME", "\\x", "\\format", "\\timing", "\\null", "\\limit", "\\i FILE", "\\o", "\\route", "\\backends", "\\use", "\\e [FILE]", "\\watch [T] [N]"] {
                #expect(text.contains(command))
            }
        }
    }

    @Test func helpShowsCopysFileFormWithEveryOptionItReads() async throws {
        try await withSession { f in
            let text = await f.printed("\\?")
            #expect(text.contains("\\copy [@B] T [(C, …)] FROM 'FILE.csv' [CSV] [HEADER] [DELIMITER 'C']"), "\(text)")
        }
    }

    @Test func limitSaysRowInTheSingular() async throws {
        try await withSession { f in
            #expect(await f.printed("\\limit 1\n\\limit 2") == "Row limit is 1 row.\nRow limit is 2 rows.\n")
        }
    }

    @Test func quitStopsReading() async throws {
        try await withSession { f in
            #expect(await f.run("\\q\nSELECT 1 AS never;") == .quit)
            #expect(!f.output.text.contains("never"))
        }
    }

    @Test func listTablesShowsTablesAndViews() async throws {
        try await withSession { f in
            await f.run("CREATE TABLE b (x INT);\nCREATE VIEW a AS SELECT x FROM b;")
            let text = await f.printed("\\dt")
            #expect(text.lines[2...3] == [" a    | view  |       1", " b    | table |       1"])
        }
    }

    @Test func listSchemasCountsTablesAndViewsPerSchema() async throws {
        try await withSession { f in
            await f.run("CREATE TABLE b (x INT);\nCREATE TABLE c (x INT);\nCREATE VIEW a AS SELECT x FROM b;")
            let text = await f.printed("\\dn")
            #expect(text.lines[0].contains("schema"))
            #expect(text.lines[2] == " (default) |      2 |     1")
        }
    }

    @Test func describeShowsColumnsTypesNullabilityAndKey() async throws {
        try await withSession { f in
            await f.run("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT);")
            let lines = await f.printed("\\d t").lines
            #expect(lines.contains(" id     | INTEGER | no       | yes"))
            #expect(lines.contains(" name   | TEXT    | no       |"))
            #expect(lines.contains(" note   | TEXT    | yes      |"))
        }
    }

    @Test func describeTakesANameQuotedAsInSQL() async throws {
        try await withSession { f in
            await f.run(#"CREATE TABLE "Quoted Name" (id INT); CREATE TABLE [a"b] (c INT);"#)
            #expect(f.errors.text.isEmpty)
            // Quoted: case kept, the quotes removed.
            #expect(await f.printed(#"\d "Quoted Name""#).lines.first == "Table Quoted Name")
            #expect(await f.printed(#"\d "Quoted Name""#).contains(" id     | INT "))
            #expect(await f.printed(#"\d "Quoted Name";"#).lines.first == "Table Quoted Name")
            #expect(await f.printed(#"\d "a""b""#).lines.first == #"Table a"b"#)
            #expect(await f.printed(#"\d [a"b]"#).lines.first == #"Table a"b"#)
            #expect(f.errors.text.isEmpty)
            await f.run(#"\d "QUOTED NAME""#)
            #expect(f.errors.text.lines.first == #"ERROR: no table or view named '"QUOTED NAME"' in backend 'local'"#)
        }
    }

    @Test func describeFindsABareNameIgnoringCase() async throws {
        try await withSession { f in
            await f.run("CREATE TABLE Mixed (id INT);")
            #expect(await f.printed("\\d mixed").lines.first == "Table Mixed")
            #expect(await f.printed("\\d MIXED").lines.first == "Table Mixed")
            #expect(f.errors.text.isEmpty)
        }
    }

    @Test func describingAnUnknownTableIsOneClearError() async throws {
        try await withSession { f in
            await f.run("\\d nowhere")
            #expect(f.errors.text.lines.first == "ERROR: no table or view named 'nowhere' in backend 'local'")
        }
    }

    @Test func expandedDisplayTogglesOnAndOff() async throws {
        try await withSession { f in
            let text = await f.printed("\\x\nSELECT 1 AS a, 2 AS b;\n\\x\nSELECT 3 AS c;")
            #expect(text.contains("-[ RECORD 1 ]-"))
            #expect(text.contains("a | 1\nb | 2\n"))
            #expect(text.contains(" c\n---\n 3\n(1 row)"))
        }
    }

    @Test func nullDisplayTellsNullFromTheTextNULL() async throws {
        try await withSession { f in
            let sql = "SELECT NULL AS a, 'NULL' AS b;"
            // By default both show as NULL, as before.
            #expect(await f.printed(sql).lines[2] == " NULL | NULL")
            #expect(await f.printed("\\null (null)\n" + sql).lines == [
                "Null display is \"(null)\".", "   a    |  b", "--------+------", " (null) | NULL", "(1 row)",
            ])
            #expect(await f.printed("\\x on\n" + sql).contains("a | (null)\nb | NULL\n"))
            #expect(await f.printed("\\x off\n\\format markdown\n" + sql).contains("| (null) | NULL |"))
            #expect(await f.printed("\\format table\n\\null ''\n" + sql).contains("\n   | NULL\n"))
            #expect(await f.printed("\\null").lines == ["Null display is \"\"."])
            // CSV keeps its own: an empty field for null.
            #expect(await f.printed("\\null (null)\n\\format csv\n" + sql).hasSuffix("a,b\r\n,NULL\r\n"))
        }
    }

    @Test func formatSwitchesTheOutputFormat() async throws {
        try await withSession { f in
            let text = await f.printed("\\format csv\nSELECT 1 AS a, 'x,y' AS b;")
            #expect(text.hasSuffix("a,b\r\n1,\"x,y\"\r\n"))
            #expect(f.errors.text.contains("Output format is csv."))
        }
    }

    @Test func includeRunsTheStatementsOfAFile() async throws {
        try await withSession { f in
            try "CREATE TABLE t (x INT);\nINSERT INTO t VALUES (5);\n".write(toFile: f.path("setup.sql"), atomically: true, encoding: .utf8)
            let text = await f.printed("\\i \(f.path("setup.sql"))\nSELECT x FROM t;")
            #expect(text.contains(" 5\n"))
        }
    }

    @Test func includingAMissingFileIsOneError() async throws {
        try await withSession { f in
            await f.run("\\i \(f.path("nope.sql"))")
            #expect(f.errors.text.lines.count == 1)
            #expect(f.errors.text.contains("nope.sql"))
        }
    }

    @Test func outputGoesToAFileUntilResetToStandardOutput() async throws {
        try await withSession { f in
            let file = f.path("out.txt")
            let text = await f.printed("\\o \(file)\nSELECT 'to file' AS v;\n\\o\nSELECT 'to screen' AS v;")
            let written = try String(contentsOfFile: file, encoding: .utf8)
            #expect(written.contains("to file"))
            #expect(!written.contains("to screen"))
            #expect(text.contains("to screen"))
            #expect(!text.contains("to file"))
        }
    }

    @Test func routeExplainsWithoutRunning() async throws {
        try await withSession(backends: ["local", "archive"]) { f in
            let text = await f.printed("\\route @archive CREATE TABLE t (x INT);")
            #expect(text.contains("archive"))
            #expect(text.contains("explicit target"))
            await f.run("\\use archive")
            f.errors.clear()
            await f.run("SELECT * FROM t;")
            #expect(f.errors.text.contains("no such table"))
        }
    }

    @Test func atNameSendsOneStatementToAnotherBackend() async throws {
        try await withSession(backends: ["local", "archive"]) { f in
            await f.run("@archive CREATE TABLE only_in_archive (x INT);\n@archive INSERT INTO only_in_archive VALUES (1);")
            #expect(f.errors.text.isEmpty)
            await f.run("SELECT * FROM only_in_archive;")
            #expect(f.errors.text.contains("no such table"))
            #expect(await f.printed("@archive SELECT x FROM only_in_archive;").contains(" 1\n"))
        }
    }

    @Test func atNameWithNothingAfterItSaysSo() async throws {
        try await withSession(backends: ["local", "archive"]) { f in
            for typed in ["@archive;", "@archive ;", "@archive"] {
                f.errors.clear()
                await f.run(typed)
                #expect(f.errors.text.lines.first == "ERROR: nothing to run after @archive", "\(typed)")
            }
            #expect(await f.printed("@archive;\nSELECT 1 AS after;").contains("after"))
        }
    }

    @Test func atSeveralNamesFansOutAndShowsEachRowsBackend() async throws {
        try await withSession(backends: ["local", "archive"]) { f in
            await f.run("CREATE TABLE t (x INT);\nINSERT INTO t VALUES (1);\n@archive CREATE TABLE t (x INT);\n@archive INSERT INTO t VALUES (2);")
            #expect(f.errors.text.isEmpty)
            let text = await f.printed("@local,archive SELECT x FROM t;")
            #expect(text.lines[0].contains("backend") && text.lines[0].contains("x"))
            #expect(text.contains(" local   | 1"))
            #expect(text.contains(" archive | 2"))
        }
    }

    @Test func processorsListsThePipelineInOrder() async throws {
        try await withSession(readOnly: true) { f in
            let text = await f.printed("\\processors")
            #expect(text.lines[0].contains("processor"))
            #expect(text.lines[2].contains("read-only"))
            #expect(text.lines[3].contains("row-limit"))
        }
    }

    @Test func useChangesTheCurrentBackendAndPrompt() async throws {
        try await withSession(backends: ["local", "archive"]) { f in
            let source = ScriptedLineSource(text: "\\use archive\nCREATE TABLE a (x INT);")
            _ = await f.session.run(source)
            #expect(await f.session.currentBackend == "archive")
            #expect(source.promptsShown[1] == "archive=> ")
            #expect(await f.printed("\\dt").contains(" a "))
        }
    }

    @Test func usingAnUnknownBackendIsOneErrorNamingTheOpenOnes() async throws {
        try await withSession(backends: ["local", "archive"]) { f in
            await f.run("\\use nowhere")
            #expect(f.errors.text.contains("no backend named 'nowhere' (open: local, archive)"))
            #expect(await f.session.currentBackend == "local")
        }
    }

    @Test func backendsListsNamesURLsAndHealth() async throws {
        try await withSession(backends: ["local", "archive"]) { f in
            let text = await f.printed("\\backends")
            #expect(text.contains(" local "))
            #expect(text.contains(" archive "))
            #expect(text.contains("sqlite://"))
            #expect(text.contains("up"))
        }
    }
}
