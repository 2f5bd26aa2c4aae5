import Testing
import Switchyard
import SwitchyardREPL

@Suite struct ErrorPresenterTests {
    @Test func printsOneErrorLineWithDetailAndHint() {
        let error = SwitchyardError(.syntax, "no such table: x", detail: "more", hint: "try \\dt")
        #expect(ErrorPresenter().present(error) == "ERROR: no such table: x\nDETAIL: more\nHINT: try \\dt\n")
    }

    @Test func pointsACaretAtThePosition() {
        let error = SwitchyardError(.syntax, "near \"FRM\": syntax error", statement: "SELECT *\nFRM t", position: 10)
        #expect(ErrorPresenter().present(error).lines == [
            "ERROR: near \"FRM\": syntax error",
            "LINE 2: FRM t",
            "        ^",
        ])
    }

    @Test func theCaretAccountsForWideCharacters() {
        let error = SwitchyardError(.syntax, "bad", statement: "SELECT '東京' x", position: 13)
        let lines = ErrorPresenter().present(error).lines
        #expect(lines[1] == "LINE 1: SELECT '東京' x")
        #expect(lines[2] == String(repeating: " ", count: 8 + 14) + "^")
    }

    @Test func aPositionOutsideTheStatementIsIgnored() {
        let error = SwitchyardError(.syntax, "bad", statement: "SELECT", position: 99)
        #expect(ErrorPresenter().present(error) == "ERROR: bad\n")
    }

    @Test func namesTheBackendWhenAsked() {
        let error = SwitchyardError(.syntax, "bad", backend: "archive")
        #expect(ErrorPresenter(showsBackend: true).present(error) == "ERROR: [archive] bad\n")
    }
}
