import Dispatch
import Switchyard
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lines read from a file or from piped standard input (`-f FILE`, `\i FILE`, `… | switchyard`).
///
/// Reads happen on a queue of its own, never on Swift's cooperative pool, because a
/// pipe can block for as long as the writer likes. Lines are read one at a time, so a
/// large script is never held in memory whole.
public final class FileLineSource: LineSource {
    /// `FILE *` is not Sendable; only `queue` touches it, one call at a time.
    private struct Handle: @unchecked Sendable {
        let file: UnsafeMutablePointer<FILE>
    }

    private let handle: Handle
    private let closesFile: Bool
    private let queue = DispatchQueue(label: "switchyard.file-lines")
    private let finished = Locked(false)

    /// Opens `path` for reading; throws a `.notFound` error naming the file when it cannot.
    public convenience init(path: String) throws {
        guard let file = fopen(path, "r") else {
            let reason = String(cString: strerror(errno))
            throw SwitchyardError(.notFound, "cannot read '\(path)': \(reason)")
        }
        self.init(handle: Handle(file: file), closesFile: true)
    }

    private init(handle: Handle, closesFile: Bool) {
        self.handle = handle
        self.closesFile = closesFile
    }

    /// Reads standard input (when it is not a terminal).
    /// Returns `nil` when standard input is closed.
    public static func standardInput() -> FileLineSource? {
        // A FILE of our own on descriptor 0: the C library's `stdin` global is shared mutable state.
        guard let file = fdopen(0, "r") else { return nil }
        return FileLineSource(handle: Handle(file: file), closesFile: false)
    }

    /// The next line without its line ending; `.endOfInput` at the end of the file and after it. Shows no
    /// prompt: a script's input is not echoed.
    public func readLine(prompt: String, continuation previousLines: [String]) async -> LineInput {
        if finished.value { return .endOfInput }
        return await withCheckedContinuation { continuation in
            queue.async { [handle, finished] in
                var buffer: UnsafeMutablePointer<CChar>? = nil
                var capacity = 0
                let count = getline(&buffer, &capacity, handle.file)
                defer { free(buffer) }
                guard count >= 0, let buffer else {
                    finished.withLock { $0 = true }
                    continuation.resume(returning: .endOfInput)
                    return
                }
                let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: count)
                var line = String(decoding: bytes, as: UTF8.self)
                if let last = line.last, last == "\n" || last == "\r\n" { line.removeLast() }
                continuation.resume(returning: .line(line))
            }
        }
    }

    deinit {
        if closesFile { fclose(handle.file) }
    }
}
