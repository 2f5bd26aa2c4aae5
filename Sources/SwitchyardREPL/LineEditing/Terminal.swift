#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal the editor talks to: unbuffered reads and writes on file descriptors, and the window width.
///
/// Blocking calls here run only on the editor's own thread (see ``EditorWorkerThread``).
struct Terminal: Sendable {
    var input: Int32 = STDIN_FILENO
    var output: Int32 = STDOUT_FILENO

    init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
        self.input = input
        self.output = output
    }

    static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    /// Width in columns from `TIOCGWINSZ`, or nil when the descriptor is no terminal or reports 0.
    static func columns(of descriptor: Int32) -> Int? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// The output's width, asked afresh each time so a resized window redraws right (80 when unknown).
    var columns: Int { Self.columns(of: output) ?? Self.columns(of: input) ?? 80 }

    /// Writes all of `text`, retrying after interruptions; gives up silently if the terminal is gone.
    func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                #if canImport(Glibc)
                Glibc.write(output, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                Darwin.write(output, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
            }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    enum ReadResult: Equatable {
        case bytes([UInt8])
        case timeout
        case end
    }

    /// Waits up to `timeout` milliseconds (forever when nil) for input and reads what is there.
    func read(timeout: Int32?) -> ReadResult {
        while true {
            var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, timeout ?? -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return .end
            }
            if ready == 0 { return .timeout }
            var buffer = [UInt8](repeating: 0, count: 512)
            let count = buffer.withUnsafeMutableBytes { bytes in
                #if canImport(Glibc)
                Glibc.read(input, bytes.baseAddress!, bytes.count)
                #else
                Darwin.read(input, bytes.baseAddress!, bytes.count)
                #endif
            }
            if count > 0 { return .bytes(Array(buffer[0..<count])) }
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            return .end  // 0: end of file; EIO: the terminal hung up
        }
    }
}
