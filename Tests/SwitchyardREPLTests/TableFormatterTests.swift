import Testing
import Switchyard
import SwitchyardREPL

@Suite struct TableFormatterTests {
    @Test func printsHeaderSeparatorRowsAndCount() {
        let text = formatted(.table, names: ["id", "name"], rows: [[1, "Alice"], [2, "Bob"]])
        #expect(text.lines == [
            " id | name",
            "----+-------",
            "  1 | Alice",
            "  2 | Bob",
            "(2 rows)",
        ])
    }

    @Test func showsNullAndKeepsColumnsAligned() {
        let text = formatted(.table, names: ["a", "b"], rows: [[.null, "x"], ["long value", .null]])
        #expect(text.lines == [
            "     a      |  b",
            "------------+------",
            " NULL       | x",
            " long value | NULL",
            "(2 rows)",
        ])
    }

    @Test func nullShowsAsTheChosenTextWhileTheTextNULLStaysAsItIs() {
        let settings = FormatterSettings(nullText: "∅")
        let rows: [[Value]] = [[.null, .text("NULL")]]
        #expect(formatted(.table, names: ["a", "b"], rows: rows, settings: settings).lines[2] == " ∅ | NULL")
        #expect(formatted(.table, names: ["a", "b"], rows: rows, expanded: true, settings: settings).lines.dropFirst() == ["a | ∅", "b | NULL"])
        #expect(formatted(.markdown, names: ["a", "b"], rows: rows, settings: settings).lines.last == "| ∅ | NULL |")
        #expect(formatted(.csv, names: ["a", "b"], rows: rows, settings: settings).hasSuffix("\r\n,NULL\r\n"))
        #expect(formatted(.json, names: ["a", "b"], rows: rows, settings: settings).contains(#""a":null"#))
    }

    @Test func aTimestampWithoutTimeZoneShowsNoZAndOneWithAZoneKeepsIt() {
        let local = Timestamp(microsecondsSinceEpoch: 1_704_164_645_000_000, hasTimeZone: false)
        let utc = Timestamp(microsecondsSinceEpoch: 1_704_164_645_000_000)
        let text = formatted(.table, names: ["ts", "tstz"], rows: [[.timestamp(local), .timestamp(utc)]])
        #expect(text.lines[2] == " 2024-01-02T03:04:05 | 2024-01-02T03:04:05Z")
    }

    @Test func alignsByDisplayWidthWithWideCharacters() {
        let text = formatted(.table, names: ["city", "n"], rows: [["東京", 1], ["Paris", 2]])
        let lines = text.lines
        // Every data line puts the separator at the same terminal column.
        let separatorColumns = lines[2...3].map { line in DisplayWidth.of(String(line.prefix { $0 != "|" })) }
        #expect(separatorColumns[0] == separatorColumns[1])
        #expect(lines[2] == " 東京  | 1")
    }

    @Test func capsWideValuesWithAnEllipsis() {
        let long = String(repeating: "abcdefghij", count: 10)
        let text = formatted(.table, names: ["v"], rows: [[.text(long)]], settings: FormatterSettings(maxColumnWidth: 20))
        #expect(text.lines[2] == " " + String(long.prefix(19)) + "…")
    }

    @Test func countsOneRowInTheSingular() {
        #expect(formatted(.table, names: ["x"], rows: [[1]]).lines.last == "(1 row)")
    }

    @Test func printsHeaderForAnEmptyResult() {
        #expect(formatted(.table, names: ["x", "y"], rows: []).lines == [" x | y", "---+---", "(0 rows)"])
    }

    @Test func escapesNewlinesSoEachRowStaysOneLine() {
        let text = formatted(.table, names: ["v"], rows: [["two\nlines"]])
        #expect(text.lines[2] == " two\\nlines")
    }

    @Test func streamsPageByPageWithoutShrinkingColumns() {
        let rows: [[Value]] = (1...5).map { [.text(String(repeating: "x", count: $0))] }
        let text = formatted(.table, names: ["v"], rows: rows, settings: FormatterSettings(pageSize: 2))
        let lines = text.lines
        #expect(lines.count == 2 + 5 + 1)
        // The first page was measured alone; later, wider values widen the column rather than break.
        #expect(lines[2] == " x")
        #expect(lines[6] == " xxxxx")
        #expect(lines.last == "(5 rows)")
    }
}
