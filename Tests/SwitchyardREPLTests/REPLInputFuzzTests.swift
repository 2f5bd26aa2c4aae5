import Switchyard
@testable import SwitchyardREPL
import SwitchyardTestSupport
import Testing

/// No input makes the REPL's readers crash or hang: backslash commands with odd arguments,
/// random bytes and escape sequences through the key decoder and the line editor (the state
/// machine the terminal drives, here without a terminal), the statement accumulators, and the
/// formatters given odd values. Seeded, so a failure comes back on every run.
@Suite struct REPLInputFuzzTests {
    static let commandWords = MetaCommand.names + ["\\", "\\\\", "\\x;", "\\limit;", "\\c", "\\connect", "\\exit", "\\h", "\\include", "\\out"]
    static let arguments = [
        "", " ", "on", "OFF", "0", "-1", "-9223372036854775808", "9223372036854775807", "99999999999999999999", "1e300s", "9e12s",
        "500ms", "nan", "inf", "'", "''", "'(null)'", "\"Order Items\"", "\"", "a b", ";", " ;", "\u{0}", "\u{85}", "\u{2028}", "é\u{301}",
        "🚂", "\t", "json", "CSV",
    ]

    @Test func backslashCommandsNeverCrash() {
        var fuzz = FuzzText(seed: 0x5EED_2E01, alphabet: "\\ ;'\"0-9aelimtx\u{0}\u{85}\u{3000}é")
        for _ in 0..<3_000 {
            let words = (0..<fuzz.int(0...3)).map { _ in fuzz.pick(Self.arguments) }
            let line = fuzz.int(0...4) == 0 ? "\\" + fuzz.text(maxLength: 12) : ([fuzz.pick(Self.commandWords)] + words).joined(separator: fuzz.pick([" ", "\t", "\u{3000}", "\u{85}"]))
            do {
                let command = try MetaCommand.parse(line)
                if case .limit(.set(let n?)) = command { #expect(n > 0) }
                if case .timeout(.set(let limit?)) = command {
                    #expect(limit > .zero)
                    _ = limit.millisecondsText
                }
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
    }

    /// Bytes a terminal could send: escape sequences whole and cut, pastes, UTF-8 whole and broken.
    static let chunks: [[UInt8]] = [
        [0x1B], [0x1B, 0x5B], [0x1B, 0x5B, 0x41], [0x1B, 0x5B, 0x44], [0x1B, 0x5B, 0x43], [0x1B, 0x4F, 0x48], [0x1B, 0x7F],
        Array("\u{1B}[1;5D".utf8), Array("\u{1B}[3~".utf8), Array("\u{1B}[200~".utf8), Array("\u{1B}[201~".utf8),
        Array("\u{1B}[99999999999999999999;99999999999999999999C".utf8), Array("\u{1B}[".utf8) + Array(repeating: 0x30, count: 40),
        [0x01], [0x05], [0x0B], [0x15], [0x17], [0x19], [0x12], [0x04], [0x03], [0x0D], [0x0A], [0x09], [0x7F], [0x00],
        [0xC3], [0xA9], [0xE2, 0x82], [0xF0, 0x9F, 0x9A, 0x82], [0xCC, 0x81], [0xFF], [0xC2, 0x85], [0xF4, 0x90, 0x80, 0x80],
        Array("a b_c\r\n".utf8), Array("🇺🇸".utf8), Array("\u{0D}\u{0A}".utf8), [0x1B, 0x62], [0x1B, 0x66], [0x1B, 0x64],
    ]

    @Test func randomKeystrokesNeverCrashTheLineEditor() {
        var fuzz = FuzzText(seed: 0x5EED_2E02, alphabet: "ab_ .;\n\r\u{301}é🚂🇺")
        for _ in 0..<300 {
            var decoder = KeyDecoder()
            var state = EditorState(prompt: "local=> ", history: ["SELECT 1;", "a\r\nb", "é\u{301}", ""], previousLines: ["x"])
            var renderer = LineRenderer()
            for _ in 0..<fuzz.int(1...60) {
                var bytes = fuzz.pick(Self.chunks)
                if fuzz.int(0...5) == 0 { bytes = Array(bytes.prefix(fuzz.int(0...bytes.count))) }
                var keys = decoder.feed(bytes)
                if fuzz.int(0...7) == 0 { keys += decoder.flush() }
                for key in keys {
                    let action = state.handle(key)
                    if case .complete = action {
                        let candidates = (0..<fuzz.int(0...3)).map { _ in fuzz.text(maxLength: 4) }
                        _ = state.applyCompletion(CompletionResult(replaceFrom: fuzz.pick([-5, 0, 1, 3, 1_000, Int.max, Int.min]), candidates: candidates))
                    }
                    if case .listCandidates(let words) = action { _ = LineRenderer.candidateList(words, columns: fuzz.int(0...100)) }
                    #expect((0...state.buffer.count).contains(state.cursor), "cursor \(state.cursor) outside \(String(reflecting: state.buffer))")
                    _ = renderer.render(state.display, columns: fuzz.int(1...120))
                }
            }
            _ = renderer.finish(state.display, columns: fuzz.int(1...120), marker: "^C")
        }
    }

    @Test func statementAccumulatorsNeverCrash() {
        var fuzz = FuzzText(seed: 0x5EED_2E03, alphabet: "@ab,;'\"$-/*\\()E\n\r \u{0}é\u{301}")
        let mongo = MongoLikeSupport()
        for _ in 0..<1_500 {
            var sql = StatementAccumulator()
            var mixed = LanguageAwareAccumulator()
            for _ in 0..<fuzz.int(1...5) {
                let line = fuzz.text(maxLength: 20)
                _ = sql.append(line)
                _ = mixed.append(line) { $0 == "mongo" ? mongo : nil }
                _ = TargetedStatement(parsing: line)
                _ = LanguageAwareAccumulator.split(line, support: mongo)
            }
            _ = sql.finish()
            _ = mixed.finish()
        }
    }

    static let oddValues: [Value] = [
        .null, .text(""), .text("\u{0}\u{1B}[31mred\r\n\t\u{7F}"), .text("\u{200B}\u{200D}\u{FEFF}"), .text("漢字🇺🇸👩‍👩‍👧"),
        .text("e\u{301}\u{301}\u{301}"), .text("\u{301}"), .text(String(repeating: "界", count: 1_000)), .double(.nan), .double(-.infinity),
        .double(-0.0), .int(.min), .decimal(ExactDecimal("-0.000000000000000000001")!), .bytes([0, 255]), .array([.double(.nan), .null]),
        .document(["\u{0}": .text("\""), "": .array([])]), .timestamp(Timestamp(microsecondsSinceEpoch: .min)),
        .date(CalendarDate(daysSinceEpoch: .max)), .time(TimeOfDay(microsecondsSinceMidnight: -1)),
        .scalar(BackendScalar(type: "interval", text: "-178000000 years")),
    ]

    @Test func formattersNeverCrashOnOddValues() {
        var fuzz = FuzzText(seed: 0x5EED_2E04, alphabet: "")
        for _ in 0..<150 {
            let width = fuzz.int(1...4)
            let names = (0..<width).map { _ in fuzz.pick(["", "a", "a", "\u{0}\n", "名前", "\u{301}", "\"q\"", "|"]) }
            let rows = (0..<fuzz.int(0...6)).map { _ in (0..<width).map { _ in fuzz.pick(Self.oddValues) } }
            let settings = FormatterSettings(maxColumnWidth: fuzz.pick([-1, 0, 1, 2, 60]), pageSize: fuzz.pick([-1, 0, 1, 500]), nullText: fuzz.pick(["NULL", "", "\u{0}"]))
            for format in OutputFormat.allCases {
                for expanded in [false, true] {
                    let text = formatted(format, names: names, rows: rows, expanded: expanded, settings: settings)
                    #expect(!text.isEmpty || rows.isEmpty)
                }
            }
        }
    }
}

/// A language whose statements are whole once their brackets close, as mongosh's are.
private struct MongoLikeSupport: QueryLanguageSupport {
    var language: QueryLanguage { "mongo" }
    func isComplete(_ text: String) -> Bool {
        text.filter { $0 == "(" }.count == text.filter { $0 == ")" }.count
    }
    func classify(_ text: String) -> StatementKind { .unknown }
}
