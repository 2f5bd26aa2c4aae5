#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Switchyard

/// Buffered writes to a file descriptor: standard output, standard error, or a file opened for `\o`.
///
/// The buffer keeps a long streamed result from costing a system call per row; it is
/// written out when it passes 64 KiB and on every ``flush()``.
public final class FileDescriptorOutput: TextOutput {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let buffer = Locked<[UInt8]>([])
    private let readerGone = Locked(false)
    private static let flushThreshold = 64 * 1024

    /// Writes to `descriptor`; closes it on deinit when `ownsDescriptor`.
    public init(descriptor: Int32, ownsDescriptor: Bool = false) {
        self.descriptor = descriptor
        self.ownsDescriptor = ownsDescriptor
    }

    /// Standard output.
    public static let standardOutput = FileDescriptorOutput(descriptor: 1)
    /// Standard error.
    public static let standardError = FileDescriptorOutput(descriptor: 2)

    /// Creates or truncates the file at `path` for writing.
    public static func creatingFile(atPath path: String) throws -> FileDescriptorOutput {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw SwitchyardError(.invalidInput, "cannot write to '\(path)': \(String(cString: strerror(errno)))")
        }
        return FileDescriptorOutput(descriptor: fd, ownsDescriptor: true)
    }

    /// Whether a write failed because the pipe's reader had closed it (`EPIPE`, with
    /// `SIGPIPE` ignored as the `switchyard` executable does); later writes are dropped.
    public var isClosedByReader: Bool { readerGone.value }

    /// Adds `text` to the buffer, writing the buffer out once it passes 64 KiB. Safe from any thread.
    public func write(_ text: String) {
        let pending: [UInt8]? = buffer.withLock { bytes in
            bytes.append(contentsOf: text.utf8)
            guard bytes.count >= Self.flushThreshold else { return nil }
            defer { bytes.removeAll(keepingCapacity: true) }
            return bytes
        }
        if let pending { writeAll(pending) }
    }

    /// Writes out everything buffered now.
    public func flush() {
        let pending = buffer.withLock { bytes in
            defer { bytes.removeAll(keepingCapacity: true) }
            return bytes
        }
        if !pending.isEmpty { writeAll(pending) }
    }

    private func writeAll(_ bytes: [UInt8]) {
        guard !readerGone.value else { return }
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = systemWrite(descriptor, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    if errno == EPIPE { readerGone.withLock { $0 = true } }
                    return  // a closed pipe or full disk: nothing sensible left to do with the text
                }
                offset += written
            }
        }
    }

    deinit {
        flush()
        if ownsDescriptor { close(descriptor) }
    }
}

/// `write(2)`, named apart from ``TextOutput/write(_:)``.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
