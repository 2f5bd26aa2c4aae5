#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Raw mode for the duration of one read: no echo, no line buffering, no signals from Ctrl-C/Ctrl-Z,
/// so every key reaches the editor.
///
/// The original settings come back on every exit path: ``leave()`` (called from a `defer`), process
/// exit (`atexit`), and SIGTERM or SIGHUP arriving while raw (a handler restores the terminal, then
/// re-raises the signal with its previous disposition). Output post-processing stays on, so stray
/// output from elsewhere still starts its lines at the left margin.
struct TerminalRawMode: ~Copyable {
    private let descriptor: Int32

    /// Switches `descriptor` to raw mode; nil if it is not a terminal or refuses.
    static func enter(_ descriptor: Int32) -> TerminalRawMode? {
        var original = termios()
        guard tcgetattr(descriptor, &original) == 0 else { return nil }
        var raw = original
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        SavedTerminalState.save(original, descriptor: descriptor)
        // TCSADRAIN, not TCSAFLUSH: keys typed ahead while a statement ran must not be lost.
        guard tcsetattr(descriptor, TCSADRAIN, &raw) == 0 else {
            SavedTerminalState.restore()
            return nil
        }
        return TerminalRawMode(descriptor: descriptor)
    }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Puts the original settings back.
    func leave() {
        SavedTerminalState.restore()
    }

    deinit {
        SavedTerminalState.restore()
    }
}

/// The settings to restore, kept where a signal handler and an `atexit` hook can reach them.
///
/// Signal handlers cannot capture context, so this is process-global. It is written only by the
/// editor's thread (one read at a time per process) before the handlers are installed, and read by
/// the handlers, which only call async-signal-safe functions (`tcsetattr`, `sigaction`, `raise`).
enum SavedTerminalState {
    nonisolated(unsafe) private static var original = termios()
    nonisolated(unsafe) private static var descriptor: Int32 = -1
    nonisolated(unsafe) private static var previousTerminate = sigaction()
    nonisolated(unsafe) private static var previousHangUp = sigaction()
    nonisolated(unsafe) private static var atExitRegistered = false

    static func save(_ settings: termios, descriptor newDescriptor: Int32) {
        original = settings
        descriptor = newDescriptor
        if !atExitRegistered {
            atExitRegistered = true
            atexit { SavedTerminalState.restoreSettings() }
        }
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { signal in SavedTerminalState.restoreAndReraise(signal) }
        #else
        action.__sigaction_u.__sa_handler = { signal in SavedTerminalState.restoreAndReraise(signal) }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGTERM, &action, &previousTerminate)
        sigaction(SIGHUP, &action, &previousHangUp)
    }

    /// Restores the terminal settings and the previous signal dispositions.
    static func restore() {
        guard descriptor >= 0 else { return }
        restoreSettings()
        descriptor = -1
        sigaction(SIGTERM, &previousTerminate, nil)
        sigaction(SIGHUP, &previousHangUp, nil)
    }

    private static func restoreSettings(when: Int32 = TCSADRAIN) {
        guard descriptor >= 0 else { return }
        var settings = original
        _ = tcsetattr(descriptor, when, &settings)
    }

    private static func restoreAndReraise(_ signal: Int32) {
        // Turn bracketed paste off too; a StaticString needs no allocation, so this stays signal-safe.
        let pasteOff: StaticString = "\u{1B}[?2004l"
        _ = write(STDOUT_FILENO, pasteOff.utf8Start, pasteOff.utf8CodeUnitCount)
        restoreSettings(when: TCSANOW)
        if signal == SIGTERM {
            sigaction(SIGTERM, &previousTerminate, nil)
        } else {
            sigaction(SIGHUP, &previousHangUp, nil)
        }
        raise(signal)
    }
}
