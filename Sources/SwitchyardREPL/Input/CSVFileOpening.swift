import Dispatch
import Switchyard
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens the file `\copy … FROM 'file'` reads, off Swift's cooperative pool: opening a FIFO
/// waits until something opens it for writing, which may be never.
///
/// The wait ends when the task is cancelled (Ctrl-C, a `\timeout`): the cancellation opens
/// the FIFO's write end for a moment, which lets the waiting open return, and the copy
/// stops with a cancellation instead of hanging the session.
enum CSVFileOpening {
    /// A descriptor for reading `path`.
    static func descriptor(reading path: String) async throws -> Int32 {
        let waiting = Locked(true)
        let descriptor = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
                DispatchQueue.global().async {
                    let descriptor = openForReading(path)
                    waiting.withLock { $0 = false }
                    guard descriptor >= 0 else {
                        let reason = String(cString: strerror(errno))
                        continuation.resume(throwing: SwitchyardError(.notFound, "cannot read '\(path)': \(reason)"))
                        return
                    }
                    continuation.resume(returning: descriptor)
                }
            }
        } onCancel: {
            DispatchQueue.global().async { releaseWaitingOpen(path, while: waiting) }
        }
        if Task.isCancelled {
            close(descriptor)
            throw CancellationError()
        }
        return descriptor
    }

    private static func openForReading(_ path: String) -> Int32 {
        while true {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            if descriptor >= 0 || errno != EINTR { return descriptor }
        }
    }

    /// Opens and closes the write end of the FIFO at `path` until the open waiting on it has
    /// returned (a cancellation may come just before that open starts), for at most a second.
    private static func releaseWaitingOpen(_ path: String, while waiting: Locked<Bool>) {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & mode_t(S_IFMT) == mode_t(S_IFIFO) else { return }
        for _ in 0..<100 where waiting.withLock({ $0 }) {
            let writer = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            if writer >= 0 { close(writer) }
            usleep(10_000)
        }
    }
}
