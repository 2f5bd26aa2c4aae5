import Foundation
import Switchyard

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The interactive line editor the REPL reads statements with: cursor movement, word and kill
/// commands, history (Up/Down, Ctrl-R) kept in a file, Tab completion, bracketed paste.
///
/// Raw mode is on only while a line is being read; otherwise the terminal is restored, so Ctrl-C
/// during a running statement raises SIGINT normally (see ``InterruptWatcher``). All blocking work
/// happens on a thread the editor owns, never on Swift's cooperative pool.
///
/// A returned ``LineInput/line(_:)`` may contain `\n` when the user pasted several lines or recalled a
/// multi-line statement from history; the caller treats it as that many lines.
public final class LineEditor: Sendable {
    private let completer: (any LineCompleter)?
    private let history: Locked<LineHistory?>
    private let historyFile: HistoryFile?
    private let maxHistory: Int
    private let worker = EditorWorkerThread(name: "switchyard.line-editor")

    /// - Parameters:
    ///   - historyFile: where history persists; nil or empty keeps history in memory only.
    ///   - completer: asked for candidates on Tab; nil disables completion.
    ///   - maxHistory: how many entries are kept (0 disables history).
    public init(historyFile: String?, completer: (any LineCompleter)?, maxHistory: Int = 1000) {
        self.completer = completer
        self.historyFile = historyFile.flatMap { $0.isEmpty ? nil : HistoryFile(path: $0) }
        self.maxHistory = maxHistory
        self.history = Locked(nil)
        if Self.isInteractive {
            // Ignore Ctrl-C between statements too, not only while someone listens.
            _ = InterruptWatcher.shared
        }
    }

    /// Reads one line, on a thread the editor owns (never blocking Swift's cooperative pool).
    ///
    /// When stdin or stdout is not a terminal it reads a plain line from stdin instead (no prompt is
    /// written, so piped output stays clean). With `TERM=dumb` it writes the prompt and reads a line
    /// without editing.
    public func readLine(prompt: String, continuation previousLines: [String] = []) async -> LineInput {
        await worker.perform { [self] in
            readLineOnWorker(prompt: prompt, previousLines: previousLines)
        }
    }

    /// Adds an entry (a whole statement, possibly multi-line) to the history and appends it to the history file.
    ///
    /// The file is written on the editor's thread, before the next line is read.
    public func addHistory(_ entry: String) {
        worker.submit { [self] in
            _ = withHistory { $0.add(entry) }
        }
    }

    /// True when both stdin and stdout are terminals.
    public static var isInteractive: Bool {
        Terminal.isTerminal(STDIN_FILENO) && Terminal.isTerminal(STDOUT_FILENO)
    }

    /// Current terminal width in columns (80 when unknown).
    public static var terminalWidth: Int { Terminal().columns }

    /// The history as the next read will see it (after the work queued so far).
    func historyEntries() async -> [String] {
        await worker.perform { [self] in withHistory { $0.entries } }
    }

    // MARK: On the worker thread

    private func readLineOnWorker(prompt: String, previousLines: [String]) -> LineInput {
        guard Self.isInteractive else { return Self.readPlainLine() }
        let terminal = Terminal()
        if ProcessInfo.processInfo.environment["TERM"] != "dumb" {
            let entries = withHistory { $0.entries }
            let reader = InteractiveLineReader(terminal: terminal, completer: completer)
            if let input = reader.read(prompt: prompt, previousLines: previousLines, history: entries) {
                return input
            }
        }
        terminal.write(prompt)
        return Self.readPlainLine()
    }

    /// Loads the history file on first use, on the worker thread, then works on the history.
    private func withHistory<Result: Sendable>(_ body: (inout LineHistory) -> Result) -> Result {
        history.withLock { stored in
            var current = stored ?? LineHistory(file: historyFile, maxEntries: maxHistory)
            let result = body(&current)
            stored = current
            return result
        }
    }

    private static func readPlainLine() -> LineInput {
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line)
    }
}
