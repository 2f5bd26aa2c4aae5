import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A child process a test starts — the `switchyard` binary, a private database server —
/// with `posix_spawn`, its standard streams wired as asked, every other descriptor of this
/// process closed in it, and default signal handling.
///
/// Not Foundation's `Process`: on Linux, `run()` finds the highest open descriptor by listing
/// `/proc/self/fd` and copies each entry's whole 256-byte name field, reading past the end
/// of the listing's buffer when an entry lands near it. The tests run in parallel and hold
/// about 3,000 descriptors at their peak; with more than about 1,360 the buffer fills, and
/// the test process died of `SIGSEGV` inside `Process.run()` in one run out of four.
public final class ChildProcess: Sendable {
    /// Where one of the child's standard streams goes.
    public enum Stream: Sendable {
        /// `/dev/null`.
        case null
        /// A descriptor of this process (a pipe's end), duplicated into the child. The caller
        /// closes its own copy once the child has started, so that the pipe ends with the child.
        case descriptor(Int32)
    }

    public let pid: pid_t
    private let exit = Mutex(ExitState())

    private struct ExitState: ~Copyable {
        var code: Int32?
        var waiters: [@Sendable (Int32) -> Void] = []
    }

    /// Starts `executable` (a path) with `arguments`, in `directory` (this process's when
    /// `nil`), with `environment` (this process's when `nil`). The child gets a process group of
    /// its own, so a Ctrl-C meant for the test run does not reach it.
    public convenience init(
        executable: String, arguments: [String] = [], environment: [String: String]? = nil, directory: String? = nil,
        stdin: Stream = .null, stdout: Stream = .null, stderr: Stream = .null
    ) throws {
        try self.init(executable: executable, arguments: arguments, environment: environment, newSession: false) { actions in
            for (target, stream) in [(STDIN_FILENO, stdin), (STDOUT_FILENO, stdout), (STDERR_FILENO, stderr)] {
                switch stream {
                case .null: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_RDWR, 0)
                case .descriptor(let descriptor): posix_spawn_file_actions_adddup2(&actions, descriptor, target)
                }
            }
            if let directory { try Self.addChangeDirectory(&actions, directory) }
        }
    }

    /// Starts `executable` in a new session whose controlling terminal is the terminal at
    /// `terminalPath` (a pseudo-terminal's slave side), which is also its standard input,
    /// output and error — as a person at a terminal would run it.
    public convenience init(executable: String, arguments: [String] = [], environment: [String: String], terminalPath: String) throws {
        try self.init(executable: executable, arguments: arguments, environment: environment, newSession: true) { actions in
            // Opened by the session leader, the terminal becomes its controlling terminal.
            posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, terminalPath, O_RDWR, 0)
            posix_spawn_file_actions_adddup2(&actions, STDIN_FILENO, STDOUT_FILENO)
            posix_spawn_file_actions_adddup2(&actions, STDIN_FILENO, STDERR_FILENO)
        }
    }

    private init(
        executable: String, arguments: [String], environment: [String: String]?, newSession: Bool,
        streams: (inout posix_spawn_file_actions_t) throws -> Void
    ) throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Default signal dispositions and an empty mask, whatever this process's threads blocked
        // or ignored (dispatch signal sources block signals; an ignored SIGINT would be inherited).
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU, SIGWINCH] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        let grouping = newSession ? Self.setSessionID : Int32(POSIX_SPAWN_SETPGROUP)
        posix_spawnattr_setflags(&attributes, Int16(grouping | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        try streams(&actions)
        // Every other descriptor closed: another test's pipe inherited here would not end
        // until this child exits.
        try Self.addCloseFrom(&actions, STDERR_FILENO + 1)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw ChildProcessError("cannot start \(executable)", code: result) }
        self.pid = pid
        watchForExit()
    }

    /// glibc's `POSIX_SPAWN_SETSID` (not exported to Swift without `_GNU_SOURCE`).
    private static let setSessionID: Int32 = 0x80

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34).
    private static func addCloseFrom(_ actions: inout posix_spawn_file_actions_t, _ lowest: Int32) throws {
        typealias Function = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        let name = "posix_spawn_file_actions_addclosefrom_np"
        try check(glibcFunction(name, since: "2.34", as: Function.self)(&actions, lowest), name)
    }

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29).
    private static func addChangeDirectory(_ actions: inout posix_spawn_file_actions_t, _ directory: String) throws {
        typealias Function = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
        let name = "posix_spawn_file_actions_addchdir_np"
        let function = try glibcFunction(name, since: "2.29", as: Function.self)
        try check(directory.withCString { function(&actions, $0) }, "\(name) \(directory)")
    }

    /// A glibc function looked up at run time: Swift's Glibc module does not export the
    /// `_np` spawn actions (they need `_GNU_SOURCE`).
    private static func glibcFunction<T>(_ name: String, since version: String, as type: T.Type) throws -> T {
        guard let symbol = dlsym(nil, name) else {
            throw ChildProcessError("\(name) is missing (glibc \(version) or later is needed)", code: ENOSYS)
        }
        return unsafeBitCast(symbol, to: type)
    }

    private static func check(_ result: Int32, _ what: String) throws {
        guard result == 0 else { throw ChildProcessError(what, code: result) }
    }

    /// Waits for the child on a thread of its own (the wait blocks), then hands its exit code
    /// to the waiters. The child is reaped under the lock ``send(_:)`` takes, once its exit is
    /// recorded: until then its pid cannot go to another process, so a signal never reaches one.
    private func watchForExit() {
        Thread { [self] in
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0, errno == EINTR {}
            let (code, waiters) = exit.withLock { state -> (Int32, [@Sendable (Int32) -> Void]) in
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                let signal = status & 0x7F
                let code = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
                state.code = code
                defer { state.waiters.removeAll() }
                return (code, state.waiters)
            }
            for waiter in waiters { waiter(code) }
        }.start()
    }

    /// The exit code once the child has exited (128 + N when signal N ended it), `nil` while it runs.
    public var exitCode: Int32? { exit.withLock { $0.code } }

    public var isRunning: Bool { exitCode == nil }

    /// Sends `signal` to the child; nothing once it has exited (its pid may belong to another process by then).
    public func send(_ signal: Int32) {
        exit.withLock { state in
            if state.code == nil { _ = kill(pid, signal) }
        }
    }

    /// Waits for the child to exit and returns its exit code.
    public func waitForExit() async -> Int32 {
        await withCheckedContinuation { continuation in
            let code = exit.withLock { state -> Int32? in
                if state.code == nil { state.waiters.append { continuation.resume(returning: $0) } }
                return state.code
            }
            if let code { continuation.resume(returning: code) }
        }
    }

    /// Waits up to `timeout` for the child to exit: its exit code, or `nil` while it still runs then.
    public func waitForExit(within timeout: Duration) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let exitCode { return exitCode }
            try await Task.sleep(for: .milliseconds(10))
        }
        return exitCode
    }

    /// Blocks the calling thread until the child has exited (for `deinit`s and synchronous clean-up).
    @discardableResult
    public func waitUntilExit() -> Int32 {
        let exited = DispatchSemaphore(value: 0)
        let code = exit.withLock { state -> Int32? in
            if state.code == nil { state.waiters.append { _ in exited.signal() } }
            return state.code
        }
        if let code { return code }
        exited.wait()
        return exitCode ?? -1
    }
}

/// A child process could not be started.
public struct ChildProcessError: Error, CustomStringConvertible {
    public let description: String

    init(_ what: String, code: Int32) {
        description = "\(what): \(String(cString: strerror(code)))"
    }
}
