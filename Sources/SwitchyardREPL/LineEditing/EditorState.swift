/// The line editor's state machine: a buffer and cursor, history navigation, reverse search and
/// completion, driven by decoded ``Key``s.
///
/// Modelled on protocol state machines that return actions instead of performing effects: ``handle(_:)``
/// changes the state and says what the terminal side should do (``EditorAction``). Positions are counted
/// in Characters (grapheme clusters), so a combining accent or an emoji moves as one unit.
///
/// Pasted text is inserted literally, newlines included: a pasted newline never submits half a statement.
/// Enter submits the whole buffer (trailing newlines removed); the caller splits it into lines.
struct EditorState: Sendable {
    /// The prompt shown while editing.
    let prompt: String
    /// Earlier lines of the statement, passed on to the completer for context.
    let previousLines: [String]

    private(set) var buffer: String = ""
    /// Cursor offset in Characters, `0...buffer.count`.
    private(set) var cursor: Int = 0

    var historyNavigation: HistoryNavigation
    var search: ReverseSearch?
    /// Text removed by the last kill (Ctrl-K, Ctrl-U, Ctrl-W, Alt-D), for Ctrl-Y.
    private var killed = ""
    /// Whether the previous key was a Tab that left several candidates (a second Tab lists them).
    var tabPending = false
    /// The completion request in flight, answered by ``applyCompletion(_:)``.
    var completion: PendingCompletion?

    init(prompt: String, history: [String] = [], previousLines: [String] = []) {
        self.prompt = prompt
        self.previousLines = previousLines
        self.historyNavigation = HistoryNavigation(entries: history)
    }

    /// What the renderer should show now.
    var display: EditorDisplay {
        if let search {
            return search.display(entries: historyNavigation.entries, originalText: buffer, originalCursor: cursor)
        }
        return EditorDisplay(prompt: prompt, text: buffer, cursor: cursor)
    }

    /// Handles one key and says what the terminal side must do.
    mutating func handle(_ key: Key) -> EditorAction {
        if search != nil, let action = handleWhileSearching(key) { return action }
        let wasTabPending = tabPending
        tabPending = false
        switch key {
        case .character(let character): insert(String(character))
        case .paste(let text): insert(Self.normalizedNewlines(text))
        case .enter: return submit()
        case .tab: return requestCompletion(secondTab: wasTabPending)
        case .backspace: return deleteBackward()
        case .delete: return deleteForward()
        case .left: return moveCursor(to: cursor - 1)
        case .right: return moveCursor(to: cursor + 1)
        case .home: return moveCursor(to: 0)
        case .end: return moveCursor(to: buffer.count)
        case .wordLeft: return moveCursor(to: wordStart(before: cursor))
        case .wordRight: return moveCursor(to: wordEnd(after: cursor))
        case .deleteWordBackward: return kill(from: wordStart(before: cursor), to: cursor)
        case .up: return recallHistory(older: true)
        case .down: return recallHistory(older: false)
        case .control(let letter): return handleControl(letter)
        case .meta(let character): return handleMeta(character)
        case .escape: return .none
        }
        return .redraw
    }

    private mutating func handleControl(_ letter: Character) -> EditorAction {
        switch letter {
        case "a": return moveCursor(to: 0)
        case "e": return moveCursor(to: buffer.count)
        case "b": return moveCursor(to: cursor - 1)
        case "f": return moveCursor(to: cursor + 1)
        case "k": return kill(from: cursor, to: buffer.count)
        case "u": return kill(from: 0, to: cursor)
        case "w": return kill(from: whitespaceWordStart(before: cursor), to: cursor)
        case "y": return yank()
        case "p": return recallHistory(older: true)
        case "n": return recallHistory(older: false)
        case "l": return .clearScreen
        case "r": return startSearch()
        case "c": return .finish(.interrupted)
        case "d":
            if buffer.isEmpty { return .finish(.endOfInput) }
            return deleteForward()
        default: return .bell
        }
    }

    private mutating func handleMeta(_ character: Character) -> EditorAction {
        switch character {
        case "b", "B": return moveCursor(to: wordStart(before: cursor))
        case "f", "F": return moveCursor(to: wordEnd(after: cursor))
        case "d", "D": return kill(from: cursor, to: wordEnd(after: cursor))
        default: return .bell
        }
    }

    func submit() -> EditorAction {
        var text = buffer
        while text.hasSuffix("\n") { text.removeLast() }
        return .finish(.line(text))
    }

    // MARK: Editing primitives (shared with history, search and completion)

    /// Replaces the whole buffer and puts the cursor at `cursor` (default: the end).
    mutating func setBuffer(_ text: String, cursor newCursor: Int? = nil) {
        buffer = text
        cursor = min(max(newCursor ?? text.count, 0), text.count)
    }

    /// Replaces the Characters in `range` with `text` and leaves the cursor after the new text.
    mutating func replace(_ range: Range<Int>, with text: String) {
        let lower = buffer.index(buffer.startIndex, offsetBy: range.lowerBound)
        let upper = buffer.index(lower, offsetBy: range.count)
        let before = String(buffer[..<lower]) + text
        buffer = before + buffer[upper...]
        // Count after joining: an inserted combining mark merges with the Character before it.
        cursor = min(before.count, buffer.count)
    }

    private mutating func insert(_ text: String) {
        replace(cursor..<cursor, with: text)
    }

    private mutating func moveCursor(to position: Int) -> EditorAction {
        let clamped = min(max(position, 0), buffer.count)
        guard clamped != cursor else { return .none }
        cursor = clamped
        return .redraw
    }

    private mutating func deleteBackward() -> EditorAction {
        guard cursor > 0 else { return .bell }
        replace((cursor - 1)..<cursor, with: "")
        return .redraw
    }

    private mutating func deleteForward() -> EditorAction {
        guard cursor < buffer.count else { return .bell }
        let keep = cursor
        replace(cursor..<(cursor + 1), with: "")
        cursor = keep
        return .redraw
    }

    private mutating func kill(from start: Int, to end: Int) -> EditorAction {
        guard start < end else { return .bell }
        let characters = Array(buffer)
        killed = String(characters[start..<end])
        replace(start..<end, with: "")
        return .redraw
    }

    private mutating func yank() -> EditorAction {
        guard !killed.isEmpty else { return .bell }
        insert(killed)
        return .redraw
    }

    // MARK: Words

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }

    /// Start of the word before `position` (Alt-B, Alt-Backspace): skips non-word characters, then word characters.
    func wordStart(before position: Int) -> Int {
        let characters = Array(buffer)
        var index = min(position, characters.count)
        while index > 0 && !Self.isWordCharacter(characters[index - 1]) { index -= 1 }
        while index > 0 && Self.isWordCharacter(characters[index - 1]) { index -= 1 }
        return index
    }

    /// End of the word after `position` (Alt-F, Alt-D).
    func wordEnd(after position: Int) -> Int {
        let characters = Array(buffer)
        var index = max(position, 0)
        while index < characters.count && !Self.isWordCharacter(characters[index]) { index += 1 }
        while index < characters.count && Self.isWordCharacter(characters[index]) { index += 1 }
        return index
    }

    /// Start of the whitespace-delimited word before `position` (Ctrl-W, as in a Unix terminal).
    private func whitespaceWordStart(before position: Int) -> Int {
        let characters = Array(buffer)
        var index = min(position, characters.count)
        while index > 0 && characters[index - 1].isWhitespace { index -= 1 }
        while index > 0 && !characters[index - 1].isWhitespace { index -= 1 }
        return index
    }

    /// Pasted `\r\n` and `\r` become `\n`: terminals send Enter as `\r`, even inside a paste.
    static func normalizedNewlines(_ text: String) -> String {
        // "\r\n" is a single Character in Swift, so mapping Characters handles both forms.
        String(text.map { $0 == "\r\n" || $0 == "\r" ? "\n" : $0 })
    }
}
