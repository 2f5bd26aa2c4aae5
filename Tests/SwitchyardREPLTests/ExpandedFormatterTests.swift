import Testing
import Switchyard
import SwitchyardREPL

@Suite struct ExpandedFormatterTests {
    @Test func printsOneBlockPerRecord() {
        let text = formatted(.table, names: ["id", "name"], rows: [[1, "Alice"], [2, .null]], expanded: true)
        let lines = text.lines
        #expect(lines[0].hasPrefix("-[ RECORD 1 ]-"))
        #expect(lines[1] == "id   | 1")
        #expect(lines[2] == "name | Alice")
        #expect(lines[3].hasPrefix("-[ RECORD 2 ]-"))
        #expect(lines[5] == "name | NULL")
    }

    @Test func showsLongValuesInFull() {
        let long = String(repeating: "word ", count: 40)
        let text = formatted(.table, names: ["v"], rows: [[.text(long)]], expanded: true)
        #expect(text.contains(long))
    }

    @Test func continuesMultiLineValuesUnderTheValueColumn() {
        let text = formatted(.table, names: ["notes"], rows: [["first\nsecond"]], expanded: true)
        #expect(text.lines[1...2] == ["notes | first", "      | second"])
    }
}
