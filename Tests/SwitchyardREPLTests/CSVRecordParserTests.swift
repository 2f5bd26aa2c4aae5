import Foundation
import Testing
import Switchyard
import SwitchyardTestSupport
@testable import SwitchyardREPL

@Suite struct CSVRecordParserTests {
    private func records(_ text: String, delimiter: Character = ",") throws -> [CSVRecordParser.Record] {
        var parser = try CSVRecordParser(delimiter: delimiter)
        return try parser.feed(Array(text.utf8)) + parser.finish()
    }

    @Test func readsQuotedFieldsNullsAndLineEndingsAsRFC4180Has() throws {
        let read = try records("\u{FEFF}id,name,note\r\n1,\"Zoë, \"\"Z\"\"\",\"two\nlines\"\n\n2,,\"\"\r\n3,x,y")
        // An empty line is one NULL field, as a one-column NULL is written.
        #expect(read.map(\.fields) == [["id", "name", "note"], ["1", "Zoë, \"Z\"", "two\nlines"], [nil], ["2", nil, ""], ["3", "x", "y"]])
        // Each record's first line: the quoted line break counts.
        #expect(read.map(\.line) == [1, 2, 4, 5, 6])
        #expect(try records("a;b\n\"c;d\";e\n", delimiter: ";").map(\.fields) == [["a", "b"], ["c;d", "e"]])
        #expect(try records("").isEmpty)
        #expect(try records("\r\n\n").map(\.fields) == [[nil], [nil]])
        #expect(try records(",\n").map(\.fields) == [[nil, nil]])
    }

    @Test func malformedInputIsAnErrorNamingItsLine() throws {
        let cases: [(String, String)] = [
            ("a,b\n\"open,c\n", "line 2: a quoted field is not closed"),
            ("a,b\nc\"d,e\n", "line 2: a quote inside an unquoted field"),
            ("a\n\"b\"c\n", "line 2: only ',' or the end of the line may follow a closing quote"),
        ]
        for (text, message) in cases {
            #expect { _ = try records(text) } throws: { ($0 as? SwitchyardError)?.message.contains(message) == true }
        }
        var parser = try CSVRecordParser()
        #expect { _ = try parser.feed([0x61, 0x0A, 0x62, 0xFF, 0x2C, 0x0A]) } throws: {
            ($0 as? SwitchyardError)?.message == "line 2: field 1 is not UTF-8 text"
        }
        for bad: Character in ["\"", "\n", "é"] {
            #expect(throws: SwitchyardError.self) { _ = try CSVRecordParser(delimiter: bad) }
        }
    }

    @Test func aByteOrderMarkOrALineBreakSplitAcrossChunksReadsAsWhole() throws {
        // A pipe may hand the mark over a byte at a time.
        var parser = try CSVRecordParser()
        var read: [CSVRecordParser.Record] = []
        for chunk in [[0xEF], [0xBB], [0xBF], Array("id\r".utf8), Array("\n1\r".utf8), Array("\n".utf8)] as [[UInt8]] {
            read += try parser.feed(chunk)
        }
        read += try parser.finish()
        #expect(read.map(\.fields) == [["id"], ["1"]])
        #expect(read.map(\.line) == [1, 2])
        // Bytes that only began like the mark are data: here not UTF-8.
        var other = try CSVRecordParser()
        #expect(throws: SwitchyardError.self) { _ = try other.feed([0xEF]) + other.feed(Array("a\n".utf8)) }
        var short = try CSVRecordParser()
        #expect(throws: SwitchyardError.self) { _ = try short.feed([0xEF, 0xBB]) + short.finish() }
    }

    @Test func whatTheCSVFormatWritesReadsBackFedInAnyChunks() throws {
        var fuzz = FuzzText(seed: 0xC5F, alphabet: "ab ,\"\r\n\té😀'")
        for _ in 0..<300 {
            let width = fuzz.int(1...4)
            let names = (0..<width).map { "c\($0)" }
            let columns = Columns(names: names)
            let rows: [[String?]] = (0..<fuzz.int(0...5)).map { _ in
                (0..<width).map { _ in fuzz.int(0...4) == 0 ? nil : fuzz.text(maxLength: 6) }
            }
            let output = StringOutput()
            var formatter = CSVFormatter(output: output)
            formatter.begin(columns)
            for row in rows { formatter.write(Row(columns: columns, values: row.map { $0.map(Value.text) ?? .null })) }
            let bytes = Array(output.text.utf8)
            // Whole, and cut at random places.
            var parser = try CSVRecordParser()
            var read: [CSVRecordParser.Record] = []
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + fuzz.int(1...7))
                read += try parser.feed(bytes[start..<end])
                start = end
            }
            read += try parser.finish()
            #expect(read.map(\.fields) == [names] + rows, "\(output.text.debugDescription)")
        }
    }
}
