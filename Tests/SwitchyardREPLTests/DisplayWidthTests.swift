import Testing
import SwitchyardREPL

@Suite struct DisplayWidthTests {
    @Test func asciiTakesOneColumnPerCharacter() {
        #expect(DisplayWidth.of("hello") == 5)
    }

    @Test func eastAsianWideCharactersTakeTwoColumns() {
        #expect(DisplayWidth.of("東京") == 4)
        #expect(DisplayWidth.of("한국") == 4)
        #expect(DisplayWidth.of("ＡＢ") == 4)  // fullwidth Latin
    }

    @Test func combiningMarksTakeNoColumn() {
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("Zoe\u{308}") == 3)
    }

    @Test func emojiTakeTwoColumns() {
        #expect(DisplayWidth.of("☕") == 2)
        #expect(DisplayWidth.of("🌱") == 2)
        #expect(DisplayWidth.of("👩‍💻") == 2)
    }

    @Test func truncationEndsInEllipsisWithinTheWidth() {
        let cut = DisplayWidth.truncate(String(repeating: "x", count: 100), to: 10)
        #expect(cut == String(repeating: "x", count: 9) + "…")
        #expect(DisplayWidth.of(cut) == 10)
    }

    @Test func truncationNeverSplitsAWideCharacterPastTheWidth() {
        let cut = DisplayWidth.truncate("東京都渋谷区", to: 6)
        #expect(DisplayWidth.of(cut) <= 6)
        #expect(cut.hasSuffix("…"))
    }

    @Test func shortTextIsNotTruncated() {
        #expect(DisplayWidth.truncate("abc", to: 3) == "abc")
    }
}
