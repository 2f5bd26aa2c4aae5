/// How reading one input source ended.
public enum REPLOutcome: Sendable, Hashable {
    /// The input ran out (end of file, Ctrl-D).
    case finished
    /// `\q`.
    case quit
    /// A statement or command failed under `--bail`.
    case stopped
    /// Ctrl-C while running a script.
    case interrupted
}
