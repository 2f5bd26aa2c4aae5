import Testing
@testable import SwitchyardREPL

@Suite("Line editing: key decoding")
struct LineEditingKeyDecoderTests {
    private func decode(_ chunks: [[UInt8]]) -> [Key] {
        var decoder = KeyDecoder()
        return chunks.flatMap { decoder.feed($0) }
    }

    private func decode(_ text: String) -> [Key] {
        decode([Array(text.utf8)])
    }

    @Test func printableASCIIBecomesCharacters() {
        #expect(decode("ab ") == [.character("a"), .character("b"), .character(" ")])
    }

    @Test func multiByteUTF8IsOneCharacter() {
        #expect(decode("é漢😀") == [.character("é"), .character("漢"), .character("😀")])
    }

    @Test func utf8SplitAcrossReadsWaitsForTheRest() {
        let bytes = Array("漢".utf8)
        var decoder = KeyDecoder()
        #expect(decoder.feed(bytes[0..<1]) == [])
        #expect(decoder.feed(bytes[1..<2]) == [])
        #expect(decoder.feed(bytes[2..<3]) == [.character("漢")])
    }

    @Test func controlKeysDecode() {
        #expect(decode("\r\n\t\u{7F}\u{8}") == [.enter, .enter, .tab, .backspace, .backspace])
        #expect(decode("\u{1}\u{5}\u{3}\u{4}\u{12}") == [
            .control("a"), .control("e"), .control("c"), .control("d"), .control("r"),
        ])
    }

    @Test(arguments: [
        ("\u{1B}[A", Key.up), ("\u{1B}[B", .down), ("\u{1B}[C", .right), ("\u{1B}[D", .left),
        ("\u{1B}OA", .up), ("\u{1B}OD", .left),
        ("\u{1B}[H", .home), ("\u{1B}[F", .end), ("\u{1B}OH", .home), ("\u{1B}OF", .end),
        ("\u{1B}[1~", .home), ("\u{1B}[7~", .home), ("\u{1B}[4~", .end), ("\u{1B}[8~", .end),
        ("\u{1B}[3~", .delete), ("\u{1B}[1;5C", .wordRight), ("\u{1B}[1;3D", .wordLeft),
        ("\u{1B}b", .meta("b")), ("\u{1B}f", .meta("f")), ("\u{1B}\u{7F}", .deleteWordBackward),
    ])
    func escapeSequencesDecode(sequence: String, key: Key) {
        #expect(decode(sequence) == [key])
    }

    @Test func escapeSequenceSplitAcrossReadsWaitsForTheRest() {
        #expect(decode([[0x1B], [UInt8(ascii: "[")], [UInt8(ascii: "3")], [UInt8(ascii: "~")]]) == [.delete])
        #expect(decode([[0x1B], [UInt8(ascii: "O"), UInt8(ascii: "H")]]) == [.home])
    }

    @Test func anIncompleteSequenceAsksForATimeoutAndALoneEscapeFlushesAsEscape() {
        var decoder = KeyDecoder()
        #expect(decoder.feed([0x1B]) == [])
        #expect(decoder.pendingTimeout != nil)
        #expect(decoder.flush() == [.escape])
        #expect(decoder.pendingTimeout == nil)
        #expect(decoder.feed(Array("a".utf8)) == [.character("a")])
    }

    @Test func unknownSequencesAreIgnored() {
        #expect(decode("\u{1B}[15~x\u{1B}[?1;2cy\u{1B}OZz") == [.character("x"), .character("y"), .character("z")])
    }

    @Test func garbageBytesNeverCrashAndValidTextStillComesThrough() {
        let garbage: [UInt8] = [0xFF, 0xC3, 0x28, 0x80, 0xF5, 0x00, 0x1C, 0xE2, 0x82]
        #expect(decode([garbage, Array("ok".utf8)]) == [.character("("), .character("o"), .character("k")])
    }

    @Test func anOverlongCSISequenceIsDropped() {
        let sequence = "\u{1B}[" + String(repeating: "1;", count: 40) + "A"
        #expect(decode(sequence + "q").last == .character("q"))
    }

    @Test func bracketedPasteArrivesAsOneKeyWithNewlines() {
        #expect(decode("\u{1B}[200~SELECT 1;\rSELECT 2;\u{1B}[201~") == [.paste("SELECT 1;\rSELECT 2;")])
    }

    @Test func bracketedPasteSplitAcrossReadsIncludingTheEndMarker() {
        let chunks = ["\u{1B}[20", "0~ab", "c\u{1B}[2", "01", "~d"].map { Array($0.utf8) }
        #expect(decode(chunks) == [.paste("abc"), .character("d")])
    }

    @Test func escapeSequencesInsideAPasteAreLiteralText() {
        #expect(decode("\u{1B}[200~a\u{1B}[Ab\u{1B}[201~") == [.paste("a\u{1B}[Ab")])
    }
}
