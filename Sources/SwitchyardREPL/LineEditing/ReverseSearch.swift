import Foundation

/// Reverse incremental history search (Ctrl-R), as in readline: each typed character narrows the
/// search, Ctrl-R again finds the next older match, Backspace widens it, Ctrl-G or Esc gives up.
///
/// Matching ignores case, because SQL keywords are typed in either case.
struct ReverseSearch: Sendable, Equatable {
    struct Match: Sendable, Equatable {
        /// Index of the matching history entry.
        var index: Int
        /// Character offset of the match in the entry, where the cursor goes.
        var position: Int
    }

    var query = ""
    var match: Match?
    /// The last search found nothing (the previous match, if any, stays on screen).
    var failed = false

    /// Finds the newest entry at or before `start` containing the query.
    mutating func find(in entries: [String], from start: Int) {
        guard !query.isEmpty else { return }
        var index = min(start, entries.count - 1)
        while index >= 0 {
            let entry = entries[index]
            if let range = entry.range(of: query, options: .caseInsensitive) {
                match = Match(index: index, position: entry.distance(from: entry.startIndex, to: range.lowerBound))
                failed = false
                return
            }
            index -= 1
        }
        failed = true
    }

    func display(entries: [String], originalText: String, originalCursor: Int) -> EditorDisplay {
        let prompt = "(\(failed ? "failed " : "")reverse-i-search)`\(query)': "
        guard let match, match.index < entries.count else {
            return EditorDisplay(prompt: prompt, text: originalText, cursor: originalCursor)
        }
        return EditorDisplay(prompt: prompt, text: entries[match.index], cursor: match.position)
    }
}

extension EditorState {
    mutating func startSearch() -> EditorAction {
        search = ReverseSearch()
        return .redraw
    }

    /// Handles a key during a search. Returns nil when the key ends the search and must then be
    /// handled as an ordinary editing key (arrows, Ctrl-A, …), with the match as the new line.
    mutating func handleWhileSearching(_ key: Key) -> EditorAction? {
        guard var active = search else { return nil }
        let entries = historyNavigation.entries
        switch key {
        case .character(let character):
            active.query.append(character)
            active.find(in: entries, from: active.match?.index ?? entries.count - 1)
        case .paste(let text):
            active.query += text
            active.find(in: entries, from: active.match?.index ?? entries.count - 1)
        case .backspace:
            guard !active.query.isEmpty else { return .bell }
            active.query.removeLast()
            active.match = nil
            active.failed = false
            active.find(in: entries, from: entries.count - 1)
        case .control("r"):
            guard let match = active.match else { return .bell }
            active.find(in: entries, from: match.index - 1)
        case .control("g"), .escape:
            search = nil
            return .redraw
        case .control("c"):
            search = nil
            return .finish(.interrupted)
        case .enter:
            acceptSearch()
            return submit()
        default:
            acceptSearch()
            return nil
        }
        search = active
        return .redraw
    }

    /// Leaves search mode with the match as the line being edited (and as the history position).
    private mutating func acceptSearch() {
        defer { search = nil }
        guard let match = search?.match else { return }
        _ = historyNavigation.jump(to: match.index, leaving: buffer)
        setBuffer(historyNavigation.entries[match.index], cursor: match.position)
    }
}
