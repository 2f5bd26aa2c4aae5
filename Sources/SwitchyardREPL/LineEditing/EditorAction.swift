/// What the terminal side must do after ``EditorState`` handled a key.
///
/// The state machine never touches the terminal or the completer itself: it returns one of these,
/// so every transition can be tested without a terminal.
enum EditorAction: Sendable, Equatable {
    /// Nothing visible changed.
    case none
    /// Redraw the prompt and line from ``EditorState/display``.
    case redraw
    /// Ring the bell: the key did nothing (start of history, no completion, …).
    case bell
    /// Clear the screen, then redraw.
    case clearScreen
    /// Ask the completer, then hand its answer to ``EditorState/applyCompletion(_:)``.
    case complete(CompletionRequest)
    /// Print these candidates below the line, then redraw.
    case listCandidates([String])
    /// Reading is over: return this to the caller.
    case finish(LineInput)
}

/// What the renderer shows: the prompt (or the search prompt), the text and where the cursor is.
struct EditorDisplay: Sendable, Equatable {
    var prompt: String
    var text: String
    /// Cursor offset in Characters into ``text``.
    var cursor: Int
}
