import Testing
@testable import SwitchyardREPL

/// Completes the word before the cursor from a fixed list, case-insensitively, and records requests.
struct FixedWordCompleter: LineCompleter {
    let words: [String]

    func complete(_ request: CompletionRequest) -> CompletionResult {
        let characters = Array(request.line)
        var start = request.cursor
        while start > 0 && !characters[start - 1].isWhitespace { start -= 1 }
        let typed = String(characters[start..<request.cursor]).lowercased()
        return CompletionResult(replaceFrom: start, candidates: words.filter { $0.lowercased().hasPrefix(typed) })
    }
}

@Suite("Line editing: tab completion")
struct LineEditingCompletionTests {
    private let completer = FixedWordCompleter(words: ["customers", "customer_notes", "orders", "\\dt", "\\d"])

    /// Presses Tab and answers the completion request the way the terminal side does.
    private func tab(_ editor: inout LineEditingDriver) -> EditorAction {
        let action = editor.press(.tab)
        guard case .complete(let request) = action else { return action }
        return editor.state.applyCompletion(completer.complete(request))
    }

    @Test func tabAsksForCandidatesWithTheLineAndCursor() {
        var editor = LineEditingDriver(previousLines: ["SELECT *"])
        editor.type("FROM cu")
        #expect(editor.press(.tab) == .complete(
            CompletionRequest(line: "FROM cu", cursor: 7, previousLines: ["SELECT *"])
        ))
    }

    @Test func oneCandidateIsInserted() {
        var editor = LineEditingDriver()
        editor.type("SELECT * FROM ord")
        #expect(tab(&editor) == .redraw)
        #expect(editor.line == "SELECT * FROM orders")
        #expect(editor.cursor == editor.line.count)
    }

    @Test func completionReplacesTheWordBeforeTheCursorAndKeepsTheRest() {
        var editor = LineEditingDriver()
        editor.type("FROM ORD WHERE")
        editor.press(.wordLeft, .left)
        _ = tab(&editor)
        #expect(editor.line == "FROM orders WHERE")
        #expect(editor.cursor == 11)
    }

    @Test func severalCandidatesInsertTheirCommonPrefixThenASecondTabListsThem() {
        var editor = LineEditingDriver()
        editor.type("FROM cu")
        #expect(tab(&editor) == .redraw)
        #expect(editor.line == "FROM customer")
        #expect(tab(&editor) == .listCandidates(["customers", "customer_notes"]))
        #expect(editor.line == "FROM customer")
    }

    @Test func severalCandidatesWithNothingToAddRingTheBellFirst() {
        var editor = LineEditingDriver()
        editor.type("\\d")
        #expect(tab(&editor) == .bell)
        #expect(tab(&editor) == .listCandidates(["\\dt", "\\d"]))
    }

    @Test func aKeyBetweenTheTabsStartsOver() {
        var editor = LineEditingDriver()
        editor.type("\\d")
        _ = tab(&editor)
        editor.press(.left, .right)
        #expect(tab(&editor) == .bell)
    }

    @Test func noCandidatesRingTheBellAndChangeNothing() {
        var editor = LineEditingDriver()
        editor.type("FROM zz")
        #expect(tab(&editor) == .bell)
        #expect(editor.line == "FROM zz")
    }

    @Test func aMetaCommandCompletes() {
        var editor = LineEditingDriver()
        editor.type("\\dt")
        #expect(tab(&editor) == .redraw)
        #expect(editor.line == "\\dt")
    }

    @Test func inAMultiLineBufferOnlyTheCurrentLineIsSentAndEarlierLinesAreContext() {
        var editor = LineEditingDriver(previousLines: ["-- report"])
        editor.press(.paste("SELECT *\nFROM cu"))
        let action = editor.press(.tab)
        #expect(action == .complete(
            CompletionRequest(line: "FROM cu", cursor: 7, previousLines: ["-- report", "SELECT *"])
        ))
        _ = editor.state.applyCompletion(CompletionResult(replaceFrom: 5, candidates: ["customers"]))
        #expect(editor.line == "SELECT *\nFROM customers")
    }

    @Test func anOutOfRangeReplaceFromIsClampedNotACrash() {
        var editor = LineEditingDriver()
        editor.type("ab")
        _ = editor.press(.tab)
        #expect(editor.state.applyCompletion(CompletionResult(replaceFrom: 99, candidates: ["x"])) == .redraw)
        #expect(editor.line == "abx")
        _ = editor.press(.tab)
        _ = editor.state.applyCompletion(CompletionResult(replaceFrom: -5, candidates: ["y"]))
        #expect(editor.line == "y")
    }
}
