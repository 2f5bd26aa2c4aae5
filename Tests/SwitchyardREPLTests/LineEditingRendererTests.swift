import Testing
@testable import SwitchyardREPL

@Suite("Line editing: drawing the line")
struct LineEditingRendererTests {
    /// Draws `display` (twice, as a redraw must give the same screen) on a model terminal.
    private func draw(_ displays: [EditorDisplay], columns: Int) -> LineEditingScreenModel {
        var renderer = LineRenderer()
        var screen = LineEditingScreenModel(columns: columns)
        for display in displays { screen.feed(renderer.render(display, columns: columns)) }
        return screen
    }

    @Test func promptAndLineOnOneRowWithTheCursorInPlace() {
        let screen = draw([EditorDisplay(prompt: "local=> ", text: "SELECT 1;", cursor: 7)], columns: 80)
        #expect(screen.lines == ["local=> SELECT 1;"])
        #expect(screen.row == 0)
        #expect(screen.column == 15)
    }

    @Test func aLineWiderThanTheTerminalWrapsAndRedrawsInPlace() {
        let long = String(repeating: "abcdefghij", count: 3)
        let screen = draw([
            EditorDisplay(prompt: "db=> ", text: long, cursor: 30),
            EditorDisplay(prompt: "db=> ", text: long + "X", cursor: 2),
        ], columns: 12)
        // The last row is exactly full, so the drawing moved on to a fresh (empty) row below it.
        #expect(screen.lines == ["db=> abcdefg", "hijabcdefghi", "jabcdefghijX", ""])
        #expect(screen.row == 0)
        #expect(screen.column == 7)
    }

    @Test func aLineEndingExactlyAtTheMarginPutsTheCursorOnTheNextRow() {
        let screen = draw([EditorDisplay(prompt: "> ", text: "12345678", cursor: 8)], columns: 10)
        #expect(screen.lines == ["> 12345678", ""])
        #expect(screen.row == 1)
        #expect(screen.column == 0)
    }

    @Test func wideCharactersTakeTwoColumnsAndWrapWhole() {
        let screen = draw([EditorDisplay(prompt: "> ", text: "漢字漢字", cursor: 3)], columns: 7)
        // "> " + 漢字 fills 6 columns; the third wide character does not fit in the last one.
        #expect(screen.lines == ["> 漢字", "漢字"])
        #expect(screen.row == 1)
        #expect(screen.column == 2)
    }

    @Test func combiningMarksTakeNoColumn() {
        let screen = draw([EditorDisplay(prompt: "> ", text: "cafe\u{301} x", cursor: 5)], columns: 80)
        #expect(screen.column == 7)
    }

    @Test func shrinkingTheLineClearsWhatWasDrawnBefore() {
        let screen = draw([
            EditorDisplay(prompt: "> ", text: String(repeating: "x", count: 25), cursor: 25),
            EditorDisplay(prompt: "> ", text: "y", cursor: 1),
        ], columns: 10)
        #expect(screen.lines == ["> y"])
    }

    @Test func newlinesInTheTextStartNewRows() {
        let screen = draw([EditorDisplay(prompt: "> ", text: "SELECT *\nFROM t;", cursor: 13)], columns: 80)
        #expect(screen.lines == ["> SELECT *", "FROM t;"])
        #expect(screen.row == 1)
        #expect(screen.column == 4)
    }

    @Test func colouredPromptsAreMeasuredWithoutTheirEscapes() {
        let screen = draw([EditorDisplay(prompt: "\u{1B}[1mdb\u{1B}[0m=> ", text: "abcdef", cursor: 6)], columns: 10)
        #expect(screen.lines == ["db=> abcde", "f"])
        #expect(screen.column == 1)
    }

    @Test func finishLeavesTheCursorOnAFreshRowBelowTheWholeLine() {
        var renderer = LineRenderer()
        var screen = LineEditingScreenModel(columns: 10)
        let display = EditorDisplay(prompt: "> ", text: "abcdefghijkl", cursor: 0)
        screen.feed(renderer.render(display, columns: 10))
        screen.feed(renderer.finish(display, columns: 10, marker: "^C"))
        #expect(screen.lines == ["> abcdefgh", "ijkl^C", ""])
        #expect(screen.row == 2)
        #expect(screen.column == 0)
    }

    @Test func controlCharactersAreShownInCaretNotation() {
        let screen = draw([EditorDisplay(prompt: "> ", text: "a\u{1B}b\tc", cursor: 5)], columns: 80)
        #expect(screen.lines == ["> a^[b c"])
        #expect(screen.column == 8)
    }

    @Test func candidatesAreListedInColumnsThatFit() {
        let list = LineRenderer.candidateList(["customers", "customer_notes", "orders"], columns: 40)
        #expect(list == "customers       orders\r\ncustomer_notes\r\n")
    }
}
