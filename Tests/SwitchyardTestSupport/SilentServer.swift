import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A TCP socket on 127.0.0.1 that listens and never accepts: connections complete and then
/// hear nothing, as from a server that hangs (stopped with `SIGSTOP`, or deadlocked). Closed
/// when released.
public final class SilentServer: Sendable {
    /// The port it listens on.
    public let port: Int
    private let descriptor: Int32
    private let isClosed = Atomic<Bool>(false)

    /// Listens on a free port of 127.0.0.1.
    public init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SilentServerError(message: "socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(descriptor, raw, length) == 0 && listen(descriptor, 16) == 0 && getsockname(descriptor, raw, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(descriptor)
            throw SilentServerError(message: "could not listen on 127.0.0.1: errno \(errno)")
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Stops listening: connections waiting to be accepted are reset, so a client waiting
    /// for an answer fails at once. Safe to call more than once.
    public func close() {
        guard !isClosed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        Glibc.close(descriptor)
    }

    deinit { close() }
}

/// Why a ``SilentServer`` could not listen.
public struct SilentServerError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
