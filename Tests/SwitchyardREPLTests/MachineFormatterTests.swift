import Testing
import Switchyard
import SwitchyardREPL

@Suite struct JSONFormatterTests {
    @Test func writesAValidArrayOfObjectsInColumnOrder() throws {
        let text = formatted(.json, names: ["id", "name", "note"], rows: [[1, "Zoë \"Z\"", .null], [2, "李", "a\nb"]])
        let parsed = try JSON.parse(text)
        guard case .array(let items) = parsed, items.count == 2, case .document(let first) = items[0] else {
            Issue.record("expected an array of two objects, got \(text)")
            return
        }
        #expect(first.map(\.name) == ["id", "name", "note"])
        #expect(first.map(\.value) == [1, "Zoë \"Z\"", .null])
    }

    @Test func writesAnEmptyArrayForNoRows() throws {
        #expect(try JSON.parse(formatted(.json, names: ["x"], rows: [])) == .array([]))
    }
}

@Suite struct CSVFormatterTests {
    @Test func writesAHeaderRowAndRecordsWithCRLF() {
        #expect(formatted(.csv, names: ["id", "name"], rows: [[1, "Alice"]]) == "id,name\r\n1,Alice\r\n")
    }

    @Test func quotesFieldsWithCommasQuotesAndLineBreaks() {
        let text = formatted(.csv, names: ["v"], rows: [["a,b"], ["say \"hi\""], ["two\nlines"], ["plain"]])
        #expect(text == "v\r\n\"a,b\"\r\n\"say \"\"hi\"\"\"\r\n\"two\nlines\"\r\nplain\r\n")
    }

    @Test func distinguishesNullFromEmptyText() {
        #expect(formatted(.csv, names: ["a", "b"], rows: [[.null, ""]]) == "a,b\r\n,\"\"\r\n")
    }
}

@Suite struct MarkdownFormatterTests {
    @Test func writesAGitHubTable() {
        #expect(formatted(.markdown, names: ["id", "name"], rows: [[1, "Alice"]]).lines == [
            "| id | name |",
            "| ---: | --- |",
            "| 1 | Alice |",
        ])
    }

    @Test func escapesPipesAndLineBreaks() {
        #expect(formatted(.markdown, names: ["a|b"], rows: [["x|y\nz"]]).lines == [
            "| a\\|b |",
            "| --- |",
            "| x\\|y<br>z |",
        ])
    }

    @Test func writesHeaderForAnEmptyResult() {
        #expect(formatted(.markdown, names: ["x"], rows: []).lines == ["| x |", "| --- |"])
    }
}
