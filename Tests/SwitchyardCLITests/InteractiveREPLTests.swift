import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The REPL as a person uses it: the real binary in a pseudo-terminal, keys typed as a terminal sends them.
@Suite("Interactive REPL at a terminal", .serialized)
struct InteractiveREPLTests {
    private static let up = "\u{1B}[A"
    private static let ctrlC = "\u{3}"
    private static let ctrlD = "\u{4}"

    @Test func startsWithABannerNamingTheBackendAndAPrompt() async throws {
        let fixture = try await InteractiveREPLFixture()
        let session = try PTYProcess(
            executable: try InteractiveREPLFixture.binary(), arguments: ["local=sqlite:\(fixture.databasePath)"],
            environment: fixture.environment
        )
        let banner = try await session.expect("local=> ")
        #expect(banner.contains("switchyard "))
        #expect(banner.contains("connected to local"))
        #expect(banner.contains("\\q to quit"))
    }

    @Test func aTypedQueryPrintsItsTable() async throws {
        let fixture = try await InteractiveREPLFixture()
        let session = try await fixture.startSession()
        session.send("SELECT id, name FROM customers ORDER BY id;\r")
        let result = try await session.expect("(2 rows)")
        #expect(result.contains("id | name"))
        #expect(result.contains("1 | Ada"))
        #expect(result.contains("2 | Grace"))
        try await session.expect("local=> ")
    }

    @Test func waitingAtThePromptIsRawModeAndExitingRestoresTheTerminal() async throws {
        let fixture = try await InteractiveREPLFixture()
        let session = try await fixture.startSession()
        #expect(session.terminalModes?.isRaw == true)
        session.send(Self.ctrlD)
        #expect(try await session.waitForExit() == 0)
        #expect(session.terminalModes?.isCooked == true)
    }

    @Test func ctrlDAtAnEmptyPromptExitsWithStatusZero() async throws {
        let fixture = try await InteractiveREPLFixture()
        let session = try await fixture.startSession()
        session.send(Self.ctrlD)
        #expect(try await session.waitForExit() == 0)
    }

    @Test func sigtermAtThePromptStillRestoresTheTerminal() async throws {
        let fixture = try await InteractiveREPLFixture()
        let session = try await fixture.startSession()
        #expect(session.terminalModes?.isRaw == true)
        kill(session.pid, SIGTERM)
        #expect(try await session.waitForExit() == 128 + SIGTERM)
        #expect(session.terminalModes?.isCooked == true)
    }

    @Test func aStatementOverSeveralLinesShowsTheContinuationPrompt() async throws {
        let fixture = try await InteractiveREPLFixture()
        let session = try await fixture.startSession()
        session.send("SELECT name\r")
        try await session.expect("local-> ")
        session.send("FROM customers WHERE id = 2;\r")
        let result = try await session.expect("(1 row)")
        #expect(result.contains("Grace"))
        try await session.expect("local=> ")
    }

    @Test func upArrowRecallsThePreviousStatement() async throws {
        let fixture = try await InteractiveREPLFixture()
        let session = try await fixture.startSession()
        session.send("SELECT 'recalled' || '-value' AS x;\r")
        try await session.expect("recalled-value")
        try await session.expect("local=> ")
        session.send(Self.up)
        try await session.expect("SELECT 'recalled' || '-value' AS x;")
        session.send("\r")
        try await session.expect("recalled-value")
        try await session.expect("local=> ")
    }

    @Test func historyIsKeptForTheNextSessionInAPrivateFile() async throws {
        let fixture = try await InteractiveREPLFixture()
        let first = try await fixture.startSession()
        first.send("SELECT 'from-' || 'session-one' AS x;\r")
        try await first.expect("from-session-one")
        try await first.expect("local=> ")
        first.send(Self.ctrlD)
        #expect(try await first.waitForExit() == 0)

        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.historyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        let second = try await fixture.startSession()
        second.send(Self.up)
        try await second.expect("SELECT 'from-' || 'session-one' AS x;")
        second.send("\r")
        try await second.expect("from-session-one")
    }

    @Test func tabCompletesATableName() async throws {
        let fixture = try await InteractiveREPLFixture()
        let session = try await fixture.startSession()
        session.send("SELECT count(*) AS n FROM ord\t")
        try await session.expect("FROM orders")
        session.send(";\r")
        try await session.expect("(1 row)")
    }

    @Test func tabTwiceListsSeveralMatchingTables() async throws {
        let fixture = try await InteractiveREPLFixture()
        let session = try await fixture.startSession()
        session.send("SELECT * FROM cust\t")
        try await session.expect("FROM customer")
        session.send("\t")
        // The line is finished, the candidates are listed below it, then the prompt and line are drawn again.
        try await session.expect("local=> SELECT * FROM customer")
        let listing = try await session.expect("local=> SELECT * FROM customer")
        #expect(listing.contains("customers"))
        #expect(listing.contains("customer_notes"))
    }

    @Test func tabCompletesAMetaCommand() async throws {
        let fixture = try await InteractiveREPLFixture()
        let session = try await fixture.startSession()
        session.send("\\backe\t")
        try await session.expect("\\backends")
        session.send("\r")
        let listing = try await session.expect("(1 row)")
        #expect(listing.contains("health"))
        #expect(listing.contains("sqlite:"))
    }

    @Test func tabCompletesEachPartOfACopy() async throws {
        let fixture = try await InteractiveREPLFixture()
        let session = try await fixture.startSession()
        session.send("\\copy @lo\t")
        try await session.expect("\\copy @local")
        session.send(" customer_n\t")
        try await session.expect("@local customer_notes")
        session.send(" (customer_id, no\t")
        try await session.expect("(customer_id, note")
        session.send(") f\t")
        try await session.expect(") from")
        session.send(" SELECT id, name FROM customers WHER\t")
        try await session.expect("customers WHERE")
        session.send(" id > 0\r")
        try await session.expect("Copied 2 rows from local into local.customer_notes.")
    }

    @Test func ctrlCAtThePromptDiscardsTheLineAndTheREPLStaysUp() async throws {
        let fixture = try await InteractiveREPLFixture()
        let session = try await fixture.startSession()
        session.send("SELECT 'discarded'")
        try await session.expect("SELECT 'discarded'")
        session.send(Self.ctrlC)
        try await session.expect("^C")
        try await session.expect("local=> ")
        session.send("SELECT 'kept' AS k;\r")
        let result = try await session.expect("(1 row)")
        #expect(result.contains("kept"))
        #expect(!result.contains("ERROR"))
    }

    @Test func ctrlCDuringALongStatementCancelsItPromptly() async throws {
        let fixture = try await InteractiveREPLFixture()
        let session = try await fixture.startSession()
        session.send("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c;\r")
        try await session.expect("SELECT count(*) FROM c;")
        // Wait until the editor has left raw mode: the statement is running and Ctrl-C now raises SIGINT.
        let deadline = ContinuousClock.now + .seconds(5)
        while session.terminalModes?.isRaw == true && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        try await Task.sleep(for: .milliseconds(200))
        let interrupted = ContinuousClock.now
        session.send(Self.ctrlC)
        let message = try await session.expect("cancel", within: .seconds(12))
        #expect(ContinuousClock.now - interrupted < .seconds(10))
        #expect(!message.contains("(1 row)"))
        try await session.expect("local=> ")
        session.send("SELECT 'still' || '-alive' AS s;\r")
        try await session.expect("still-alive")
    }

    @Test func aPastedNewlineDoesNotSubmitHalfAStatement() async throws {
        let fixture = try await InteractiveREPLFixture()
        let session = try await fixture.startSession()
        // Terminals send a pasted line break as \r, like Enter; bracketed paste marks it as pasted text.
        session.send("\u{1B}[200~SELECT 'pasted' AS p,\r'second' AS q\u{1B}[201~")
        try await session.expect("'second' AS q")
        session.send(";\r")
        let result = try await session.expect("(1 row)")
        #expect(result.contains("pasted"))
        #expect(result.contains("second"))
    }

    @Test func editingInsideALineWiderThanTheTerminal() async throws {
        let fixture = try await InteractiveREPLFixture()
        let session = try await fixture.startSession(columns: 24)
        session.send("SELECT 'abcdefghijklmnopqrstuvwxyz' AS alphabet;")
        try await session.expect("AS alphabet;")
        // Ctrl-A, Alt-F past SELECT, then insert a column before the long one.
        session.send("\u{1}\u{1B}f 7 AS n,")
        try await session.expect("7 AS n,")
        session.send("\r")
        let result = try await session.expect("(1 row)")
        #expect(result.contains(" 7 | abcdefghijklmnopqrstuvwxyz"))
    }

    @Test func aLoneEscapeKeyIsIgnoredAndTheNextKeysTypeNormally() async throws {
        let fixture = try await InteractiveREPLFixture()
        let session = try await fixture.startSession()
        session.send("\u{1B}")
        // Longer than the editor waits for the rest of an escape sequence.
        try await Task.sleep(for: .milliseconds(200))
        session.send("SELECT 'after-' || 'escape' AS e;\r")
        let result = try await session.expect("(1 row)")
        #expect(result.contains("after-escape"))
    }

    @Test func aMultiLineStatementIsRecalledWholeAndRunsAgain() async throws {
        let fixture = try await InteractiveREPLFixture()
        let session = try await fixture.startSession()
        session.send("SELECT name AS who\r")
        try await session.expect("local-> ")
        session.send("FROM customers WHERE id = 2;\r")
        try await session.expect("(1 row)")
        try await session.expect("local=> ")
        session.send(Self.up)
        try await session.expect("SELECT name AS who\nFROM customers WHERE id = 2;")
        session.send("\r")
        let result = try await session.expect("(1 row)")
        #expect(result.contains("who"))
        #expect(result.contains("Grace"))
        #expect(!result.contains("local-> "))
    }

    @Test func theEditorGetsACookedTerminalAndWhatItSavedRunsAndIsRecalled() async throws {
        let fixture = try await InteractiveREPLFixture()
        let editor = fixture.directory + "/editor.sh"
        try """
            #!/bin/sh
            stty -a > "\(fixture.directory)/stty"
            cat "$1" > "\(fixture.directory)/seen"
            printf 'SELECT 6 * 7 AS answer;\\n' > "$1"

            """.write(toFile: editor, atomically: true, encoding: .utf8)
        chmod(editor, 0o755)
        var environment = fixture.environment
        environment["EDITOR"] = editor
        let session = try PTYProcess(
            executable: try InteractiveREPLFixture.binary(), arguments: ["local=sqlite:\(fixture.databasePath)"], environment: environment)
        try await session.expect("local=> ")
        // A statement being typed goes to the editor.
        session.send("SELECT 'draft' AS d\r")
        try await session.expect("local-> ")
        session.send("\\e\r")
        let result = try await session.expect("(1 row)")
        #expect(result.contains("42"))
        try await session.expect("local=> ")
        #expect(try String(contentsOfFile: fixture.directory + "/seen", encoding: .utf8) == "SELECT 'draft' AS d\n")
        let modes = try String(contentsOfFile: fixture.directory + "/stty", encoding: .utf8).split(whereSeparator: \.isWhitespace)
        #expect(["icanon", "echo", "isig"].allSatisfy(modes.contains), "\(modes)")
        // History: the statement the editor saved, then `\e`.
        session.send(Self.up + Self.up)
        try await session.expect("SELECT 6 * 7 AS answer;")
        session.send("\r")
        #expect(try await session.expect("(1 row)").contains("42"))
    }
}
