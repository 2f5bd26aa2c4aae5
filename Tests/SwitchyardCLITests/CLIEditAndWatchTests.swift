import Foundation
import Testing

/// `\e` with a scripted editor (a shell script standing in for the operator), and `\watch` under Ctrl-C.
@Suite struct CLIEditAndWatchTests {
    /// An editor that saves what it was given to `seen` and replaces the file with `replacement`.
    private func editor(in sandbox: CLISandbox, replacement: String, status: Int = 0) throws -> String {
        try sandbox.write("#!/bin/sh\ncat \"$1\" > \"\(sandbox.path("seen"))\"\nstat -c %a \"$1\" > \"\(sandbox.path("mode"))\"\nprintf '%s' '\(replacement)' > \"$1\"\nexit \(status)\n", to: "editor.sh")
        chmod(sandbox.path("editor.sh"), 0o755)
        return sandbox.path("editor.sh")
    }

    @Test func editOpensTheLastStatementAndRunsWhatWasSaved() async throws {
        try await withSandbox { sandbox in
            let editor = try editor(in: sandbox, replacement: "SELECT 40 + 2 AS answer;\nSELECT 7 AS seven\n")
            try FileManager.default.createDirectory(atPath: sandbox.path("tmp"), withIntermediateDirectories: true)
            let result = try await sandbox.run(
                ["sqlite:t.db", "-c", "SELECT 1 AS one;", "-c", "\\e"], variables: ["EDITOR": editor, "TMPDIR": sandbox.path("tmp")])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try String(contentsOfFile: sandbox.path("seen"), encoding: .utf8) == "SELECT 1 AS one;\n")
            // Both statements ran, the last without its `;`.
            #expect(result.stdout.contains(" answer\n--------\n     42\n(1 row)\n"), "\(result.stdout)")
            #expect(result.stdout.hasSuffix(" seven\n-------\n     7\n(1 row)\n"))
            // The temporary file was the operator's alone (it may hold data), and it is gone.
            #expect(try String(contentsOfFile: sandbox.path("mode"), encoding: .utf8) == "600\n")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: sandbox.path("tmp"))
            #expect(leftovers.isEmpty, "\(leftovers)")
        }
    }

    @Test func theEditorNamedBySwitchyardEditorWinsAndCanEditAFile() async throws {
        try await withSandbox { sandbox in
            let editor = try editor(in: sandbox, replacement: "CREATE TABLE t (x INT);\nINSERT INTO t VALUES (5);\n")
            let result = try await sandbox.run(
                ["sqlite:t.db", "-c", "\\e setup.sql", "-c", "SELECT x FROM t;"],
                variables: ["SWITCHYARD_EDITOR": editor, "VISUAL": "false", "EDITOR": "false"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains(" 5\n"))
            // The file keeps what the editor saved.
            #expect(try String(contentsOfFile: sandbox.path("setup.sql"), encoding: .utf8).hasPrefix("CREATE TABLE t"))
        }
    }

    @Test func anEditorThatFailsRunsNothing() async throws {
        try await withSandbox { sandbox in
            let editor = try editor(in: sandbox, replacement: "CREATE TABLE never (x INT);", status: 3)
            let result = try await sandbox.run(["sqlite:t.db", "-c", "\\e", "-c", "\\dt"], variables: ["EDITOR": editor])
            #expect(result.status == 1)
            #expect(result.stderr.contains("the editor '\(editor)' exited with status 3; nothing was run"), "\(result.stderr)")
            #expect(!result.stdout.contains("never"))
            let missing = try await sandbox.run(["sqlite:t.db", "-c", "\\e"], variables: ["EDITOR": "no-such-editor-here"])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("cannot start the editor 'no-such-editor-here'"), "\(missing.stderr)")
            #expect(missing.stderr.contains("set SWITCHYARD_EDITOR, VISUAL or EDITOR"))
        }
    }

    @Test(.timeLimit(.minutes(1))) func anEditedFileThatRunsBackslashEAgainStopsAfterSixteenLevels() async throws {
        try await withSandbox { sandbox in
            // Each level's editor saves `\e` once more, and counts how often it was opened.
            try sandbox.write("#!/bin/sh\necho opened >> \"\(sandbox.path("opened"))\"\nprintf '\\\\e\\n' > \"$1\"\n", to: "editor.sh")
            chmod(sandbox.path("editor.sh"), 0o755)
            let result = try await sandbox.run(["sqlite:t.db", "-c", "\\e"], variables: ["EDITOR": sandbox.path("editor.sh")])
            #expect(result.status == 1)
            #expect(result.stderr.contains("edited files run \\e (or \\i) more than 16 levels deep"), "\(result.stderr)")
            let opened = try String(contentsOfFile: sandbox.path("opened"), encoding: .utf8).split(separator: "\n").count
            #expect(opened == 16)
        }
    }

    @Test func anUnchangedFileRunsNothing() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.run(
                ["sqlite:t.db", "-c", "CREATE TABLE t (x INT);", "-c", "INSERT INTO t VALUES (1);", "-c", "\\e", "-c", "SELECT count(*) AS n FROM t;"],
                variables: ["EDITOR": "true"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("Nothing was changed; nothing was run.\n"))
            #expect(result.stdout.contains(" n\n---\n 1\n"), "\(result.stdout)")
        }
    }

    @Test func ctrlCStopsAWatchingScript() async throws {
        try await withSandbox { sandbox in
            let started = ContinuousClock.now
            let result = try await sandbox.run(
                ["sqlite:t.db", "-c", "SELECT 1 AS one;", "-c", "\\watch 20s", "-c", "SELECT 'never' AS n;"],
                interruptAfterOutput: "(every 20s)")
            #expect(result.status == 130)
            #expect(ContinuousClock.now - started < .seconds(15))
            #expect(!result.stdout.contains("never"))
        }
    }
}
