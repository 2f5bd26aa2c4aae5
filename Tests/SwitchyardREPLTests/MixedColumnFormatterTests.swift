import Testing
import Switchyard
import SwitchyardREPL

/// Rows of one result whose columns differ, as MongoDB batches bring them.
@Suite struct MixedColumnFormatterTests {
    private func format(_ format: OutputFormat, pageSize: Int = 500, expanded: Bool = false) -> [String] {
        let output = StringOutput()
        var formatter = format.makeFormatter(
            output: output, expanded: expanded, settings: FormatterSettings(pageSize: pageSize))
        let first = Columns(names: ["_id", "name"])
        let later = Columns(names: ["_id", "age", "name"])
        formatter.begin(first)
        formatter.write(Row(columns: first, values: [1, "Ann"]))
        formatter.write(Row(columns: later, values: [2, 41, "Bo"]))
        formatter.end(rowCount: 2)
        return output.text.lines
    }

    @Test func aTableAddsALaterRowsNewFieldAsAColumnAndKeepsValuesUnderTheirNames() {
        #expect(format(.table) == [
            " _id | name | age",
            "-----+------+-----",
            "   1 | Ann  |",
            "   2 | Bo   |  41",
            "(2 rows)",
        ])
    }

    @Test func aTableWhoseHeaderWasPrintedPrintsItAgainWithTheNewField() {
        #expect(format(.table, pageSize: 1) == [
            " _id | name",
            "-----+------",
            "   1 | Ann",
            "",
            " _id | name | age",
            "-----+------+-----",
            "   2 | Bo   |  41",
            "(2 rows)",
        ])
    }

    @Test func expandedDisplayLabelsEachValueWithItsOwnField() {
        let lines = format(.table, expanded: true)
        #expect(lines.contains("age  | 41"))
        #expect(lines.contains("name | Bo"))
    }

    @Test func csvKeepsValuesUnderTheirHeaderColumn() {
        #expect(format(.csv).joined(separator: "\n") == "_id,name\r\n1,Ann\r\n2,Bo\r\n")
    }
}
