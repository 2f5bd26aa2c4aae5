import Testing
import Switchyard

@Suite struct JSONTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSON.parse(#" {"n": null, "t": true, "f": false, "i": -42, "d": 1.5, "e": 1e2, "s": "x", "a": [1, [2]], "o": {}} "#)
        #expect(value == .document([
            "n": .null, "t": true, "f": false, "i": .int(-42), "d": .double(1.5), "e": .double(100), "s": "x",
            "a": .array([1, .array([2])]), "o": .document([:]),
        ]))
    }

    @Test func keepsFieldOrder() throws {
        let text = #"{"zeta":1,"alpha":2,"mid":{"b":1,"a":2}}"#
        guard case .document(let document) = try JSON.parse(text) else { Issue.record("not a document"); return }
        #expect(document.names == ["zeta", "alpha", "mid"])
        #expect(JSON.serialize(.document(document)) == text)
    }

    @Test func serializeThenParseGivesTheSameValue() throws {
        let value: Value = .document([
            "text": .text("quote \" backslash \\ newline \n tab \t bell \u{7} ü 🚂"), "big": .int(.max), "small": .int(.min),
            "third": .double(1.0 / 3.0), "whole": .double(2.0), "list": [nil, true, "x"], "empty": .array([]),
        ])
        #expect(try JSON.parse(JSON.serialize(value)) == value)
    }

    @Test func decodesEscapesIncludingSurrogatePairs() throws {
        #expect(try JSON.parse(#""\u00e9\n\t\"\\\/\ud83d\ude82""#) == .text("é\n\t\"\\/🚂"))
    }

    @Test func brokenSurrogatesBecomeReplacementCharactersNotCrashes() throws {
        #expect(try JSON.parse(#""\ud800""#) == .text("\u{FFFD}"))
        #expect(try JSON.parse(#""\ud800\u0041""#) == .text("\u{FFFD}A"))
        #expect(try JSON.parse(#""\udc00x""#) == .text("\u{FFFD}x"))
    }

    @Test func writesControlCharactersAsEscapes() {
        #expect(JSON.serialize(.text("a\u{1}b")) == #""a\u0001b""#)
    }

    @Test func writesValuesJSONLacksAsStrings() {
        #expect(JSON.serialize(.bytes([0xCA, 0xFE])) == #""\\xcafe""#)
        #expect(JSON.serialize(.double(.nan)) == #""NaN""#)
        #expect(JSON.serialize(.date(CalendarDate(year: 2024, month: 5, day: 1)!)) == #""2024-05-01""#)
    }

    @Test func writesNaNAndInfinitiesAsPostgreSQLsStringsAtAnyDepthNeverAsNull() {
        let values: Value = [.double(.nan), .double(.infinity), .double(-.infinity), 1.5]
        #expect(JSON.serialize(values) == #"["NaN","Infinity","-Infinity",1.5]"#)
        #expect(JSON.serialize(.document(["d": .document(["x": .double(.infinity)])])) == #"{"d":{"x":"Infinity"}}"#)
        #expect(JSON.serialize(.double(-.infinity)) == #""-Infinity""#)
    }

    @Test func displayTextShowsNaNAndInfinitiesBareWhereverTheyAre() {
        #expect(Value.double(.nan).description == "NaN")
        #expect(Value.double(-.infinity).description == "-Infinity")
        let nested: Value = .document(["a": [.double(.nan), .double(.infinity), .double(-.infinity), "NaN"], "d": .document(["x": .double(.nan)])])
        #expect(nested.description == #"{"a":[NaN,Infinity,-Infinity,"NaN"],"d":{"x":NaN}}"#)
        #expect(Value.array([.decimal(ExactDecimal("NaN")!), .decimal(ExactDecimal("1.50")!)]).description == "[NaN,1.50]")
    }

    @Test(arguments: [
        (#"{"a": }"#, 6), ("[1, 2", 5), ("tru", 0), ("1 2", 2), (#"{"a" 1}"#, 5), ("", 0), (#""open"#, 5), ("[1,]", 3),
    ])
    func errorsGiveTheOffset(_ text: String, _ offset: Int) throws {
        let error = try #require(throws: SwitchyardError.self) { try JSON.parse(text) }
        #expect(error.kind == .invalidInput)
        #expect(error.message.contains("offset \(offset)"))
    }

    @Test func refusesDeepNestingWithoutCrashing() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = try #require(throws: SwitchyardError.self) { try JSON.parse(deep) }
        #expect(error.message.contains("too deep"))
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { try JSON.parse(fine) }
    }

    @Test func integersThatDoNotFitBecomeDoubles() throws {
        #expect(try JSON.parse("9223372036854775807") == .int(.max))
        #expect(try JSON.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
    }
}
