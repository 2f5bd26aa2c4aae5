/// Where Up/Down are in the history during one read, and what the user changed on the way.
///
/// Index `entries.count` is the new line being typed. Edits to any visited line are kept until the
/// read ends, so going Up and back Down returns the half-typed line; the history itself never changes.
struct HistoryNavigation: Sendable, Equatable {
    let entries: [String]
    private(set) var index: Int
    private var edits: [Int: String] = [:]

    init(entries: [String]) {
        self.entries = entries
        self.index = entries.count
    }

    /// Moves one entry older or newer, remembering `current` as the text of the line being left.
    /// Returns the text to show, or nil at either end.
    mutating func move(older: Bool, leaving current: String) -> String? {
        let target = older ? index - 1 : index + 1
        guard target >= 0 && target <= entries.count else { return nil }
        return jump(to: target, leaving: current)
    }

    /// Moves to entry `target` (e.g. the one reverse search found). Returns its text, edits included.
    mutating func jump(to target: Int, leaving current: String) -> String {
        edits[index] = current
        index = target
        if let edited = edits[target] { return edited }
        return target < entries.count ? entries[target] : ""
    }
}

extension EditorState {
    mutating func recallHistory(older: Bool) -> EditorAction {
        guard let text = historyNavigation.move(older: older, leaving: buffer) else { return .bell }
        setBuffer(text)
        return .redraw
    }
}
