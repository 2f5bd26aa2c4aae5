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
