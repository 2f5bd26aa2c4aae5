import Foundation
import Switchyard

#if canImport(Glibc)
import Glibc
#endif

/// A new pseudo-terminal pair: the master this process keeps, and the slave's path for the child to open.
struct PseudoTerminal {
    let master: Int32
    let slavePath: String

    init(columns: UInt16, rows: UInt16) throws {
        let master = LibC.posixOpenPT(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw PTYError("posix_openpt", errno) }
        guard LibC.grantPT(master) == 0, LibC.unlockPT(master) == 0 else {
            close(master)
            throw PTYError("grantpt/unlockpt", errno)
        }
        var name = [CChar](repeating: 0, count: 128)
        guard LibC.ptsName(master, &name, name.count) == 0 else {
            close(master)
            throw PTYError("ptsname_r", errno)
        }
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        self.master = master
        self.slavePath = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The pty functions of the C library. Glibc declares them only for `_XOPEN_SOURCE`, which Swift's Glibc
/// module does not define, so they are looked up by name (they are in libc, always loaded).
private enum LibC {
    static let posixOpenPT = function("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
    static let grantPT = function("grantpt", as: (@convention(c) (Int32) -> Int32).self)
    static let unlockPT = function("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
    static let ptsName = function(
        "ptsname_r", as: (@convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32).self
    )

    private static func function<T>(_ name: String, as type: T.Type) -> T {
        // RTLD_DEFAULT is the null handle in glibc. A missing libc function is a broken platform, not a test failure.
        guard let symbol = dlsym(nil, name) else { fatalError("libc has no \(name)") }
        return unsafeBitCast(symbol, to: type)
    }
}

/// Starts a child in its own session with a terminal as stdin/stdout/stderr and controlling terminal,
/// without forking this (multi-threaded) test process: `posix_spawn` with `POSIX_SPAWN_SETSID`, and
/// the slave opened by the child through a file action (a session leader opening a terminal without
/// `O_NOCTTY` acquires it as its controlling terminal).
enum PTYSpawn {
    /// glibc's `POSIX_SPAWN_SETSID` (not exported to Swift without `_GNU_SOURCE`).
    private static let setSessionID: Int32 = 0x80

    static func spawn(_ executable: String, arguments: [String], environment: [String: String],
                      terminal slavePath: String) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child gets default signal dispositions and an empty mask, whatever this process's threads
        // blocked or ignored (dispatch signal sources block signals; an ignored SIGINT would be inherited).
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU, SIGWINCH] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        let flags = setSessionID | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)
        posix_spawnattr_setflags(&attributes, Int16(flags))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw PTYError("posix_spawn \(executable)", result) }
        return pid
    }
}

struct PTYError: Error, CustomStringConvertible {
    let description: String
    init(_ call: String, _ code: Int32) {
        description = "\(call) failed: \(String(cString: strerror(code)))"
    }
}

/// Terminal output made readable for assertions.
enum PTYText {
    /// Drops ANSI escape sequences (CSI, OSC, two-byte escapes), carriage returns and bells.
    static func strippingEscapes(from text: String) -> String {
        var result = ""
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            switch scalar {
            case "\u{1B}":
                switch iterator.next() {
                case "["?:
                    while let next = iterator.next(), !(0x40...0x7E).contains(next.value) {}
                case "]"?:
                    while let next = iterator.next(), next != "\u{7}" {}
                default: break
                }
            case "\r", "\u{7}": continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
