import Dispatch
import Switchyard
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The operator's text editor, as `\e` runs it: `$SWITCHYARD_EDITOR`, else `$VISUAL`, else
/// `$EDITOR`, else `vi`.
///
/// The command goes through `/bin/sh`, as psql runs its editor, so it may carry arguments
/// (`EDITOR="code --wait"`); the file's name is passed as one argument, never spliced into
/// the command's text. The editor gets the terminal and Ctrl-C's usual meaning.
struct ExternalEditor: Sendable {
    /// The shell command, without the file.
    let command: String

    /// The editor the environment names.
    static func fromEnvironment() -> ExternalEditor {
        for name in ["SWITCHYARD_EDITOR", "VISUAL", "EDITOR"] {
            if let value = getenv(name).map({ String(cString: $0) }), !value.trimmingWhitespace().isEmpty {
                return ExternalEditor(command: value)
            }
        }
        return ExternalEditor(command: "vi")
    }

    /// Opens `path` in the editor and returns when it exits; throws when it cannot start or
    /// exits with a failure (the operator gave up: nothing should run).
    func edit(_ path: String) async throws {
        let pid = try spawn(path)
        // Waiting for a person: off Swift's cooperative pool, on a thread that may block.
        let status = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            DispatchQueue.global().async {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                continuation.resume(returning: status)
            }
        }
        try check(status)
    }

    private func spawn(_ path: String) throws -> pid_t {
        let arguments = ["sh", "-c", command + " \"$1\"", "sh", path]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The REPL ignores SIGINT (it cancels statements instead) and threads may block signals:
        // the editor starts with every signal at its default and none blocked.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE, SIGTSTP] { sigaddset(&defaults, signal) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/bin/sh", nil, &attributes, argv, environ)
        guard result == 0 else {
            throw SwitchyardError(
                .invalidInput, "cannot start the editor '\(command)': \(String(cString: strerror(result)))", hint: Self.hint)
        }
        return pid
    }

    private func check(_ status: Int32) throws {
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import (they are macros).
        let signal = status & 0x7f
        let exitCode = (status >> 8) & 0xff
        if signal != 0 {
            throw SwitchyardError(.invalidInput, "the editor '\(command)' was stopped by signal \(signal); nothing was run")
        }
        switch exitCode {
        case 0: return
        case 126, 127:
            throw SwitchyardError(.invalidInput, "cannot start the editor '\(command)' (the shell could not find or run it)", hint: Self.hint)
        default:
            throw SwitchyardError(.invalidInput, "the editor '\(command)' exited with status \(exitCode); nothing was run")
        }
    }

    private static let hint = "set SWITCHYARD_EDITOR, VISUAL or EDITOR to the editor to use"
}
