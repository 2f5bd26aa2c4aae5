import Foundation
import Testing
import Switchyard
import SwitchyardREPL

@Suite struct REPLSessionWatchTests {
    @Test func watchRunsTheLastStatementAgainUnderATimeHeader() async throws {
        try await withSession { f in
            await f.run("CREATE TABLE n (x INT);\nINSERT INTO n VALUES (1);")
            let text = await f.printed("INSERT INTO n SELECT max(x) + 1 FROM n;\n\\watch 10ms 3")
            #expect(f.errors.text.isEmpty, "\(f.errors.text)")
            for run in 1...3 { #expect(text.contains("(every 10ms, run \(run) of 3)\n\n"), "\(text)") }
            #expect(text.components(separatedBy: "INSERT: 1 row affected").count - 1 == 4)
            // The header starts with the time, as ISO 8601 in UTC.
            let header = try #require(text.lines.first { $0.contains("every 10ms") })
            #expect(Timestamp(iso8601: String(header.prefix(while: { $0 != " " }))) != nil, "\(header)")
            #expect(await f.printed("SELECT count(*) AS rows FROM n;").contains("    5\n"))
        }
    }

    @Test func watchTakesTheStatementBeingTyped() async throws {
        try await withSession { f in
            let source = ScriptedLineSource(text: "SELECT 'typed' ||\n'!' AS t\n\\watch 1ms c=2")
            #expect(await f.session.run(source) == .finished)
            // Run twice by the watch, and not once more at the end of the script.
            #expect(f.output.text.components(separatedBy: "typed!").count - 1 == 2, "\(f.output.text)")
            #expect(f.errors.text.isEmpty)
            #expect(source.history == ["SELECT 'typed' ||\n'!' AS t", "\\watch 1ms c=2"])
        }
    }

    @Test func watchWithoutAStatementSaysSo() async throws {
        try await withSession { f in
            #expect(await f.run("\\watch 1ms 2") == .finished)
            #expect(f.errors.text.contains("\\watch needs a statement"), "\(f.errors.text)")
            #expect(await f.session.failureCount == 1)
        }
    }

    @Test func aFailureEndsTheWatch() async throws {
        try await withSession { f in
            _ = await f.printed("SELECT * FROM missing;\n\\watch 1ms 5\nSELECT 'after' AS a;")
            #expect(f.errors.text.components(separatedBy: "no such table: missing").count - 1 == 2, "\(f.errors.text)")
            #expect(!f.output.text.contains("run 2 of 5"))
            #expect(f.output.text.contains("after"))
        }
    }

    @Test func machineReadableOutputGetsNoHeaders() async throws {
        try await withSession { f in
            let text = await f.printed("\\format csv\nSELECT 1 AS one;\n\\watch 1ms 2")
            #expect(text == "one\r\n1\r\none\r\n1\r\none\r\n1\r\n", "\(text)")  // CSV lines end in CRLF (RFC 4180)
            #expect(f.errors.text.contains("(every 1ms, run 2 of 2)"))
        }
    }

    @Test func ctrlCDuringThePauseEndsTheWatchAndThePromptStays() async throws {
        try await withSession { f in
            let source = ScriptedLineSource(text: "SELECT 1 AS one;\n\\watch 60s\nSELECT 'after' AS a;")
            let started = ContinuousClock.now
            let session = f.session
            let outcome = Task { await session.run(source, interactive: true) }
            // The statement, then its first watched run: the watch is now pausing for a minute.
            while f.output.text.components(separatedBy: "(1 row)").count - 1 < 2 {
                try await Task.sleep(for: .milliseconds(5))
                #expect(ContinuousClock.now - started < .seconds(30))
            }
            try await Task.sleep(for: .milliseconds(50))
            #expect(session.interrupt())
            #expect(await outcome.value == .finished)
            #expect(ContinuousClock.now - started < .seconds(30))
            #expect(f.output.text.hasSuffix(" a\n-------\n after\n(1 row)\n"), "\(f.output.text)")
            // No error; a new line, so that the prompt does not follow the ^C the terminal echoed.
            #expect(f.errors.text == "\n", "\(f.errors.text)")
        }
    }

    @Test func ctrlCBetweenTwoRunsEndsTheWatch() async throws {
        try await withSession { f in
            // Ctrl-C lands as the second run's header is printed, when neither a run nor a pause is under way.
            let output = InterruptingOutput(at: "run 2 of 5")
            let session = REPLSession(runtime: f.runtime, output: output, errors: f.errors)
            output.session.withLock { $0 = session }
            let source = ScriptedLineSource(text: "SELECT 1 AS one;\n\\watch 1ms 5\nSELECT 'after' AS a;")
            #expect(await session.run(source, interactive: true) == .finished)
            #expect(!output.text.contains("run 3 of 5"), "\(output.text)")
            #expect(output.text.contains("after"), "\(output.text)")
        }
    }
}

/// Captures what is written, and presses Ctrl-C (``REPLSession/interrupt()``) on its session
/// when the text written holds a given string.
private final class InterruptingOutput: TextOutput {
    let session = Locked<REPLSession?>(nil)
    private let captured = StringOutput()
    private let trigger: String

    init(at trigger: String) { self.trigger = trigger }

    func write(_ text: String) {
        captured.write(text)
        if text.contains(trigger) { session.value?.interrupt() }
    }

    func flush() {}

    var text: String { captured.text }
}
