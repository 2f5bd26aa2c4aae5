/// Reads one line from a terminal in raw mode: decodes keys, drives ``EditorState`` and draws with
/// ``LineRenderer``. Runs on the editor's own thread and blocks it until the line is done.
struct InteractiveLineReader {
    let terminal: Terminal
    let completer: (any LineCompleter)?

    private static let bracketedPasteOn = "\u{1B}[?2004h"
    private static let bracketedPasteOff = "\u{1B}[?2004l"

    /// Reads a line; nil when the terminal cannot be put in raw mode (the caller falls back to a plain read).
    func read(prompt: String, previousLines: [String], history: [String]) -> LineInput? {
        guard let rawMode = TerminalRawMode.enter(terminal.input) else { return nil }
        terminal.write(Self.bracketedPasteOn)
        defer {
            terminal.write(Self.bracketedPasteOff)
            rawMode.leave()
        }

        var state = EditorState(prompt: prompt, history: history, previousLines: previousLines)
        var renderer = LineRenderer()
        var decoder = KeyDecoder()
        terminal.write(renderer.render(state.display, columns: terminal.columns))
        while true {
            let keys: [Key]
            switch terminal.read(timeout: decoder.pendingTimeout) {
            case .bytes(let bytes): keys = decoder.feed(bytes)
            case .timeout: keys = decoder.flush()
            case .end:
                terminal.write(renderer.finish(state.display, columns: terminal.columns))
                return .endOfInput
            }
            var needsRedraw = false
            for key in keys {
                var action = state.handle(key)
                if case .complete(let request) = action {
                    let result = completer?.complete(request) ?? CompletionResult(replaceFrom: 0, candidates: [])
                    action = state.applyCompletion(result)
                }
                switch action {
                case .none, .complete: break  // a completion was answered just above
                case .redraw: needsRedraw = true
                case .bell: terminal.write("\u{7}")
                case .clearScreen:
                    terminal.write("\u{1B}[H\u{1B}[2J")
                    renderer.reset()
                    needsRedraw = true
                case .listCandidates(let candidates):
                    let columns = terminal.columns
                    terminal.write(
                        renderer.finish(state.display, columns: columns)
                            + LineRenderer.candidateList(candidates, columns: columns)
                    )
                    needsRedraw = true
                case .finish(let input):
                    let marker = input == .interrupted ? "^C" : ""
                    terminal.write(renderer.finish(state.display, columns: terminal.columns, marker: marker))
                    return input
                }
            }
            if needsRedraw { terminal.write(renderer.render(state.display, columns: terminal.columns)) }
        }
    }
}
