import Testing
@testable import SwitchyardREPL

@Suite("Line editing: history navigation")
struct LineEditingHistoryNavigationTests {
    private let history = ["SELECT 1;", "SELECT 2;", "\\dt"]

    @Test func upRecallsThePreviousEntriesNewestFirst() {
        var editor = LineEditingDriver(history: history)
        editor.press(.up)
        #expect(editor.line == "\\dt")
        #expect(editor.cursor == 3)
        editor.press(.up, .up)
        #expect(editor.line == "SELECT 1;")
    }

    @Test func upAtTheOldestEntryRingsTheBell() {
        var editor = LineEditingDriver(history: history)
        editor.press(.up, .up, .up)
        #expect(editor.press(.up) == .bell)
        #expect(editor.line == "SELECT 1;")
    }

    @Test func downBackToTheNewLineRestoresWhatWasBeingTyped() {
        var editor = LineEditingDriver(history: history)
        editor.type("SEL")
        editor.press(.up, .up, .down, .down)
        #expect(editor.line == "SEL")
        #expect(editor.press(.down) == .bell)
    }

    @Test func editsToARecalledEntryAreKeptWhileBrowsingButDoNotChangeTheHistory() {
        var editor = LineEditingDriver(history: history)
        editor.press(.up, .up)
        editor.type(" -- changed")
        editor.press(.up, .down)
        #expect(editor.line == "SELECT 2; -- changed")
        #expect(editor.state.historyNavigation.entries == history)
    }

    @Test func ctrlPAndCtrlNBrowseLikeTheArrows() {
        var editor = LineEditingDriver(history: history)
        editor.press(.control("p"), .control("p"), .control("n"))
        #expect(editor.line == "\\dt")
    }

    @Test func aMultiLineEntryComesBackAsOneLineToSubmit() {
        var editor = LineEditingDriver(history: ["SELECT *\nFROM t;"])
        editor.press(.up)
        #expect(editor.press(.enter) == .finish(.line("SELECT *\nFROM t;")))
    }

    @Test func withNoHistoryUpRingsTheBell() {
        var editor = LineEditingDriver()
        #expect(editor.press(.up) == .bell)
    }
}

@Suite("Line editing: reverse search (Ctrl-R)")
struct LineEditingReverseSearchTests {
    private let history = ["SELECT * FROM customers;", "SELECT * FROM orders;", "\\d orders", "DELETE FROM orders;"]

    @Test func typingFindsTheNewestMatchingEntry() {
        var editor = LineEditingDriver(history: history)
        editor.press(.control("r"))
        editor.type("select")
        let display = editor.state.display
        #expect(display.prompt == "(reverse-i-search)`select': ")
        #expect(display.text == "SELECT * FROM orders;")
        #expect(display.cursor == 0)
    }

    @Test func ctrlRAgainFindsTheNextOlderMatch() {
        var editor = LineEditingDriver(history: history)
        editor.press(.control("r"))
        editor.type("orders")
        #expect(editor.state.display.text == "DELETE FROM orders;")
        editor.press(.control("r"))
        #expect(editor.state.display.text == "\\d orders")
        #expect(editor.state.display.cursor == 3)
        editor.press(.control("r"))
        #expect(editor.state.display.text == "SELECT * FROM orders;")
    }

    @Test func noMatchSaysFailedAndKeepsTheLastMatch() {
        var editor = LineEditingDriver(history: history)
        editor.press(.control("r"))
        editor.type("custom")
        editor.type("x")
        #expect(editor.state.display.prompt == "(failed reverse-i-search)`customx': ")
        #expect(editor.state.display.text == "SELECT * FROM customers;")
    }

    @Test func backspaceWidensTheSearchAgain() {
        var editor = LineEditingDriver(history: history)
        editor.press(.control("r"))
        editor.type("customx")
        editor.press(.backspace)
        #expect(editor.state.display.prompt == "(reverse-i-search)`custom': ")
    }

    @Test func enterSubmitsTheMatch() {
        var editor = LineEditingDriver(history: history)
        editor.press(.control("r"))
        editor.type("\\d")
        #expect(editor.press(.enter) == .finish(.line("\\d orders")))
    }

    @Test func anEditingKeyAcceptsTheMatchAndThenActs() {
        var editor = LineEditingDriver(history: history)
        editor.type("draft")
        editor.press(.control("r"))
        editor.type("cust")
        editor.press(.control("e"))
        #expect(editor.state.search == nil)
        #expect(editor.line == "SELECT * FROM customers;")
        #expect(editor.cursor == editor.line.count)
        editor.press(.down, .down, .down, .down)
        #expect(editor.line == "draft")
    }

    @Test func ctrlGCancelsAndRestoresTheOriginalLine() {
        var editor = LineEditingDriver(history: history)
        editor.type("draft")
        editor.press(.control("r"))
        editor.type("orders")
        editor.press(.control("g"))
        #expect(editor.state.display == EditorDisplay(prompt: "local=> ", text: "draft", cursor: 5))
    }

    @Test func ctrlCDuringSearchInterrupts() {
        var editor = LineEditingDriver(history: history)
        editor.press(.control("r"))
        editor.type("orders")
        #expect(editor.press(.control("c")) == .finish(.interrupted))
    }
}
