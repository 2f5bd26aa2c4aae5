/// What the editor asks a completer when the user presses Tab.
public struct CompletionRequest: Sendable, Equatable {
    /// The whole current line (in a multi-line statement, only the current line).
    public let line: String
    /// Cursor position, in Characters from the start of ``line``.
    public let cursor: Int
    /// Earlier lines of the statement being typed, so the completer can use their context. May be empty.
    public let previousLines: [String]

    /// Creates a request; the editor makes these, tests make their own.
    public init(line: String, cursor: Int, previousLines: [String] = []) {
        self.line = line
        self.cursor = cursor
        self.previousLines = previousLines
    }
}

/// The completer's answer: which word to replace and what may replace it.
public struct CompletionResult: Sendable, Equatable {
    /// Character offset in the request's `line` where the word being completed starts.
    public var replaceFrom: Int
    /// Full replacement words, e.g. `["customers", "customer_notes"]`.
    public var candidates: [String]

    /// Creates a result; no candidates means nothing to complete, one means the word is completed outright.
    public init(replaceFrom: Int, candidates: [String]) {
        self.replaceFrom = replaceFrom
        self.candidates = candidates
    }
}

/// Supplies Tab completions; the REPL implements it with meta-commands, keywords and catalog names.
///
/// Called on the editor's own thread while it reads a line, so it must not block for long.
public protocol LineCompleter: Sendable {
    /// The candidates for the word before the cursor; no candidates makes the editor ring the bell.
    func complete(_ request: CompletionRequest) -> CompletionResult
}
