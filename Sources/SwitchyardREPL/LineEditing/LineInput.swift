/// What one read from the user produced.
///
/// The REPL only needs to know three outcomes: a line to run, a discarded line, or the end of the session.
public enum LineInput: Sendable, Equatable {
    /// The user pressed Enter; the text is given without the newline.
    case line(String)
    /// Ctrl-C at the prompt: the line being typed was discarded.
    case interrupted
    /// Ctrl-D on an empty line, or stdin was closed.
    case endOfInput
}
