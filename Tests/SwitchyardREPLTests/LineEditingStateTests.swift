import Testing
@testable import SwitchyardREPL

/// Feeds keys to a state machine and keeps the last action, so tests read like key presses.
struct LineEditingDriver {
    var state: EditorState
    private(set) var lastAction: EditorAction = .none

    init(history: [String] = [], previousLines: [String] = []) {
        state = EditorState(prompt: "local=> ", history: history, previousLines: previousLines)
    }

    @discardableResult
    mutating func press(_ keys: Key...) -> EditorAction {
        for key in keys { lastAction = state.handle(key) }
        return lastAction
    }

    @discardableResult
    mutating func type(_ text: String) -> EditorAction {
        for character in text.unicodeScalars { lastAction = state.handle(.character(Character(character))) }
        return lastAction
    }

    var line: String { state.buffer }
    var cursor: Int { state.cursor }
}

@Suite("Line editing: editing keys")
struct LineEditingStateTests {
    @Test func typedTextIsInsertedAtTheCursor() {
        var editor = LineEditingDriver()
        editor.type("SELCT")
        editor.press(.left, .left)
        editor.type("E")
        #expect(editor.line == "SELECT")
        #expect(editor.cursor == 4)
    }

    @Test func enterSubmitsTheWholeLineWhereverTheCursorIs() {
        var editor = LineEditingDriver()
        editor.type("SELECT 1;")
        editor.press(.home)
        #expect(editor.press(.enter) == .finish(.line("SELECT 1;")))
    }

    @Test func backspaceAndDeleteRemoveOneCharacter() {
        var editor = LineEditingDriver()
        editor.type("abcd")
        editor.press(.left, .left, .backspace, .delete)
        #expect(editor.line == "ad")
        #expect(editor.cursor == 1)
    }

    @Test func backspaceAtTheStartRingsTheBell() {
        var editor = LineEditingDriver()
        #expect(editor.press(.backspace) == .bell)
    }

    @Test func cursorMovesByCharacterNotByScalar() {
        var editor = LineEditingDriver()
        editor.type("e\u{301}x")  // é as e + combining acute: two scalars, one Character
        #expect(editor.line == "éx")
        editor.press(.left, .left)
        #expect(editor.cursor == 0)
        editor.press(.delete)
        #expect(editor.line == "x")
    }

    @Test func homeEndAndTheirControlKeys() {
        var editor = LineEditingDriver()
        editor.type("abc")
        editor.press(.home)
        #expect(editor.cursor == 0)
        editor.press(.end)
        #expect(editor.cursor == 3)
        editor.press(.control("a"))
        #expect(editor.cursor == 0)
        editor.press(.control("f"), .control("f"))
        #expect(editor.cursor == 2)
        editor.press(.control("b"))
        #expect(editor.cursor == 1)
        editor.press(.control("e"))
        #expect(editor.cursor == 3)
    }

    @Test func altBAndAltFMoveByWords() {
        var editor = LineEditingDriver()
        editor.type("select name, city_id from t")
        editor.press(.meta("b"))
        #expect(editor.cursor == 26)
        editor.press(.meta("b"), .meta("b"))
        #expect(editor.cursor == 13)
        editor.press(.meta("f"))
        #expect(editor.cursor == 20)
        editor.press(.wordLeft, .wordLeft)
        #expect(editor.cursor == 7)
        editor.press(.wordRight)
        #expect(editor.cursor == 11)
    }

    @Test func ctrlKKillsToTheEndAndCtrlUToTheStart() {
        var editor = LineEditingDriver()
        editor.type("SELECT 1; junk")
        editor.press(.left, .left, .left, .left, .left, .control("k"))
        #expect(editor.line == "SELECT 1;")
        editor.press(.left, .control("u"))
        #expect(editor.line == ";")
        #expect(editor.cursor == 0)
    }

    @Test func ctrlWDeletesTheWhitespaceDelimitedWordBeforeTheCursor() {
        var editor = LineEditingDriver()
        editor.type("SELECT a.b, c.d  ")
        editor.press(.control("w"))
        #expect(editor.line == "SELECT a.b, ")
    }

    @Test func altBackspaceDeletesOneWordOnly() {
        var editor = LineEditingDriver()
        editor.type("SELECT a.bcd")
        editor.press(.deleteWordBackward)
        #expect(editor.line == "SELECT a.")
    }

    @Test func ctrlYYanksWhatWasLastKilled() {
        var editor = LineEditingDriver()
        editor.type("one two")
        editor.press(.control("w"), .control("a"), .control("y"))
        #expect(editor.line == "twoone ")
    }

    @Test func ctrlCInterruptsAndDiscardsTheLine() {
        var editor = LineEditingDriver()
        editor.type("SELECT")
        #expect(editor.press(.control("c")) == .finish(.interrupted))
    }

    @Test func ctrlDOnAnEmptyLineEndsInput() {
        var editor = LineEditingDriver()
        #expect(editor.press(.control("d")) == .finish(.endOfInput))
    }

    @Test func ctrlDOnANonEmptyLineDeletesTheCharacterUnderTheCursor() {
        var editor = LineEditingDriver()
        editor.type("abc")
        editor.press(.home)
        #expect(editor.press(.control("d")) == .redraw)
        #expect(editor.line == "bc")
        editor.press(.end)
        #expect(editor.press(.control("d")) == .bell)
    }

    @Test func ctrlLAsksToClearTheScreen() {
        var editor = LineEditingDriver()
        #expect(editor.press(.control("l")) == .clearScreen)
    }

    @Test func pastedTextIsInsertedLiterallyAndItsNewlinesDoNotSubmit() {
        var editor = LineEditingDriver()
        editor.type("-- x")
        #expect(editor.press(.paste("\rSELECT 1\r\nFROM t;\r")) == .redraw)
        #expect(editor.line == "-- x\nSELECT 1\nFROM t;\n")
        #expect(editor.press(.enter) == .finish(.line("-- x\nSELECT 1\nFROM t;")))
    }

    @Test func unknownControlAndMetaKeysOnlyRingTheBell() {
        var editor = LineEditingDriver()
        editor.type("ab")
        #expect(editor.press(.control("z")) == .bell)
        #expect(editor.press(.meta("q")) == .bell)
        #expect(editor.press(.escape) == .none)
        #expect(editor.line == "ab")
    }
}
