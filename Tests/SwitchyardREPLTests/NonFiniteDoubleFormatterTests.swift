import Testing
import Switchyard
import SwitchyardREPL

/// NaN and the infinities are values, not missing ones: no format may print them as `null`.
@Suite struct NonFiniteDoubleFormatterTests {
    static let row: [Value] = [
        .double(.infinity), [.double(.nan), .double(.infinity), .double(-.infinity), 1.5],
        .document(["x": .double(.nan), "list": [.double(-.infinity)]]),
    ]
    static let names = ["f", "a", "d"]

    @Test func theTableShowsPostgreSQLsSpellingAtTopLevelAndNested() {
        let lines = formatted(.table, names: Self.names, rows: [Self.row]).lines
        #expect(lines[2] == #" Infinity | [NaN,Infinity,-Infinity,1.5] | {"x":NaN,"list":[-Infinity]}"#)
    }

    @Test func theExpandedDisplayShowsThemNested() {
        let lines = formatted(.table, names: Self.names, rows: [Self.row], expanded: true).lines
        #expect(lines[1...3] == ["f | Infinity", "a | [NaN,Infinity,-Infinity,1.5]", #"d | {"x":NaN,"list":[-Infinity]}"#])
    }

    @Test func csvShowsThemNested() {
        let text = formatted(.csv, names: Self.names, rows: [Self.row])
        #expect(text == "f,a,d\r\nInfinity,\"[NaN,Infinity,-Infinity,1.5]\",\"{\"\"x\"\":NaN,\"\"list\"\":[-Infinity]}\"\r\n")
    }

    @Test func markdownShowsThemNested() {
        let lines = formatted(.markdown, names: Self.names, rows: [Self.row]).lines
        #expect(lines[2] == #"| Infinity | [NaN,Infinity,-Infinity,1.5] | {"x":NaN,"list":[-Infinity]} |"#)
    }

    @Test func jsonWritesThemAsStringsAsPostgreSQLsToJSONDoes() throws {
        let text = formatted(.json, names: Self.names, rows: [Self.row])
        #expect(text.lines[1] == #"{"f":"Infinity","a":["NaN","Infinity","-Infinity",1.5],"d":{"x":"NaN","list":["-Infinity"]}}"#)
        #expect(!text.contains("null"))
        #expect(try JSON.parse(text) == .array([.document(["f": "Infinity", "a": ["NaN", "Infinity", "-Infinity", 1.5], "d": .document(["x": "NaN", "list": ["-Infinity"]])])]))
    }
}
