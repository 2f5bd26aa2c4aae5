/// Tab completion: the state machine asks for candidates with ``EditorAction/complete(_:)`` and the
/// terminal side answers with ``EditorState/applyCompletion(_:)``.
///
/// One candidate replaces the word (no space is added: the completer decides what a word is, and a
/// table name is often followed by `.` or `;`); several insert their longest common prefix, and a second
/// Tab in a row lists them; none rings the bell.
extension EditorState {
    /// Where the current line (the part of the buffer between newlines holding the cursor) starts,
    /// and the buffer's lines before it.
    private var currentLine: (text: String, start: Int, earlier: [String]) {
        let characters = Array(buffer)
        var start = min(cursor, characters.count)
        while start > 0 && characters[start - 1] != "\n" { start -= 1 }
        var end = min(cursor, characters.count)
        while end < characters.count && characters[end] != "\n" { end += 1 }
        let earlier = start > 0
            ? String(characters[0..<(start - 1)]).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            : []
        return (String(characters[start..<end]), start, earlier)
    }

    mutating func requestCompletion(secondTab: Bool) -> EditorAction {
        let line = currentLine
        completion = PendingCompletion(lineStart: line.start, secondTab: secondTab)
        return .complete(
            CompletionRequest(line: line.text, cursor: cursor - line.start, previousLines: previousLines + line.earlier)
        )
    }

    /// Applies the completer's answer to the request made by the last ``EditorAction/complete(_:)``.
    mutating func applyCompletion(_ result: CompletionResult) -> EditorAction {
        guard let pending = completion else { return .none }
        completion = nil
        var seen = Set<String>()
        let candidates = result.candidates.filter { !$0.isEmpty && seen.insert($0).inserted }
        guard !candidates.isEmpty else { return .bell }

        let from = pending.lineStart + min(max(result.replaceFrom, 0), cursor - pending.lineStart)
        let typed = String(Array(buffer)[from..<cursor])
        if candidates.count == 1 {
            replace(from..<cursor, with: candidates[0])
            return .redraw
        }
        tabPending = true
        let prefix = Self.commonPrefix(of: candidates)
        if prefix.count > typed.count {
            replace(from..<cursor, with: prefix)
            return .redraw
        }
        return pending.secondTab ? .listCandidates(candidates) : .bell
    }

    static func commonPrefix(of words: [String]) -> String {
        guard var prefix = words.first.map(Array.init) else { return "" }
        for word in words.dropFirst() {
            let characters = Array(word)
            var length = 0
            while length < min(prefix.count, characters.count) && prefix[length] == characters[length] { length += 1 }
            prefix.removeLast(prefix.count - length)
        }
        return String(prefix)
    }
}

/// A completion asked for and not yet answered.
struct PendingCompletion: Sendable, Equatable {
    /// Where the completed line starts in the buffer, in Characters.
    var lineStart: Int
    /// The Tab came right after a Tab that left several candidates.
    var secondTab: Bool
}
