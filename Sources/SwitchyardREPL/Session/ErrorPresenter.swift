import Switchyard

/// Turns an error into the lines an operator reads: `ERROR: …`, the statement line
/// with a caret under the problem (when the database said where), then `DETAIL:`
/// and `HINT:`, like psql.
///
/// ```
/// ERROR: near "FRM": syntax error
/// LINE 1: SELECT * FRM customers
///                  ^
/// ```
public struct ErrorPresenter: Sendable {
    /// Prefix messages with the backend's name (useful when several are open).
    public var showsBackend: Bool

    /// Creates a presenter; messages name their backend only when `showsBackend` is set.
    public init(showsBackend: Bool = false) {
        self.showsBackend = showsBackend
    }

    /// The text for `error`, ending in a newline.
    public func present(_ error: any Error) -> String {
        guard let error = error as? SwitchyardError else {
            if error is CancellationError { return "ERROR: the statement was cancelled\n" }
            return "ERROR: \(error)\n"
        }
        var text = "ERROR: "
        if showsBackend, let backend = error.backend, !backend.isEmpty { text += "[\(backend)] " }
        text += singleLine(error.message) + "\n"
        for problem in error.problems { text += "  - \(singleLine(problem))\n" }
        if let position = error.position, let statement = error.statement {
            text += caret(statement: statement, position: position)
        }
        if let detail = error.detail, !detail.isEmpty { text += "DETAIL: \(detail)\n" }
        if let hint = error.hint, !hint.isEmpty { text += "HINT: \(hint)\n" }
        return text
    }

    /// `LINE n: text` and a caret under the 1-based character `position` of `statement`.
    func caret(statement: String, position: Int) -> String {
        let characters = Array(statement)
        guard position >= 1, position <= characters.count + 1 else { return "" }
        var lineNumber = 1
        var lineStart = 0
        for (i, c) in characters.enumerated() where i < position - 1 && (c == "\n" || c == "\r\n") {
            lineNumber += 1
            lineStart = i + 1
        }
        var lineEnd = lineStart
        while lineEnd < characters.count, characters[lineEnd] != "\n", characters[lineEnd] != "\r\n" { lineEnd += 1 }
        var before = String(characters[lineStart..<(position - 1)])
        var after = String(characters[(position - 1)..<max(position - 1, lineEnd)])
        // Keep a long line readable: about 40 characters of context on each side of the caret.
        if before.count > 40 { before = "…" + before.suffix(39) }
        if after.count > 40 { after = after.prefix(39) + "…" }
        before = CellText.escapeControls(before)
        after = CellText.escapeControls(after)
        let label = "LINE \(lineNumber): "
        let indent = String(repeating: " ", count: DisplayWidth.of(label) + DisplayWidth.of(before))
        return "\(label)\(before)\(after)\n\(indent)^\n"
    }

    private func singleLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
