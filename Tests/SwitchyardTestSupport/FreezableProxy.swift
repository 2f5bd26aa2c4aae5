import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A TCP proxy on 127.0.0.1 in front of a server, which a test can freeze: while frozen it
/// neither accepts connections (the kernel still completes them) nor forwards a byte either
/// way, so every connection through it looks like one to a server that hangs — stopped with
/// `SIGSTOP`, deadlocked, or behind a lost network path — without stopping the real server,
/// which other tests share. Thawed, what waited is forwarded. Connections close when the
/// proxy is closed (``close()``, or when released).
public final class FreezableProxy: Sendable {
    /// The port clients connect to instead of the server's.
    public let port: Int
    private let listener: Int32
    private let targetPort: UInt16
    private let state = Mutex(State())

    private struct State: ~Copyable {
        var frozen = false
        var closed = false
        var descriptors: [Int32] = []
        /// Connections accepted so far, each numbered by its order.
        var accepted = 0
        /// Connections numbered below this are frozen (``freezeOpenConnections()``).
        var frozenBelow = 0
    }

    /// Listens on a free port of 127.0.0.1 and forwards each connection to `127.0.0.1:targetPort`.
    public init(targetPort: Int) throws {
        let listener = try Self.listen()
        self.listener = listener.descriptor
        self.port = listener.port
        self.targetPort = UInt16(targetPort)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Stops accepting and forwarding.
    public func freeze() { state.withLock { $0.frozen = true } }

    /// Stops forwarding on the connections open now, as a lost network path would; new
    /// connections are accepted and forwarded.
    public func freezeOpenConnections() { state.withLock { $0.frozenBelow = $0.accepted } }

    /// Accepts and forwards again, beginning with what waited.
    public func thaw() {
        state.withLock {
            $0.frozen = false
            $0.frozenBelow = 0
        }
    }

    /// Closes the listener and every connection through the proxy.
    public func close() {
        // Under the lock: a pump closes its descriptors under it too, so none shut down here
        // can have been closed and its number reused by someone else meanwhile.
        state.withLock { state in
            guard !state.closed else { return }
            state.closed = true
            for descriptor in state.descriptors + [listener] { shutdown(descriptor, Int32(SHUT_RDWR)) }
        }
    }

    private var isFrozen: Bool { state.withLock { $0.frozen } }
    private func isFrozen(connection number: Int) -> Bool { state.withLock { $0.frozen || number < $0.frozenBelow } }
    private var isClosed: Bool { state.withLock { $0.closed } }

    private func acceptLoop() {
        defer { Glibc.close(listener) }
        while !isClosed {
            if isFrozen || !Self.readable(listener) { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            guard let server = Self.connect(to: targetPort) else {
                Glibc.close(client)
                continue
            }
            let number = state.withLock { state -> Int? in
                guard !state.closed else { return nil }
                state.descriptors += [client, server]
                defer { state.accepted += 1 }
                return state.accepted
            }
            guard let number else {
                Glibc.close(client)
                Glibc.close(server)
                continue
            }
            let thread = Thread { [self] in pump(client, server, number: number) }
            thread.start()
        }
    }

    /// Forwards both ways until either side closes; `number`: the connection's.
    private func pump(_ client: Int32, _ server: Int32, number: Int) {
        defer {
            state.withLock { state in
                state.descriptors.removeAll { $0 == client || $0 == server }
                Glibc.close(client)
                Glibc.close(server)
            }
        }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !isClosed {
            var descriptors = [pollfd(fd: client, events: Int16(POLLIN), revents: 0), pollfd(fd: server, events: Int16(POLLIN), revents: 0)]
            guard poll(&descriptors, 2, 50) >= 0 else { return }
            if isFrozen(connection: number) { continue }
            for (from, to) in [(0, server), (1, client)] where descriptors[from].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(descriptors[from].fd, $0.baseAddress, $0.count) }
                guard count > 0 else { return }
                var sent = 0
                while sent < count {
                    let wrote = buffer.withUnsafeBytes { send(to, $0.baseAddress! + sent, count - sent, Int32(MSG_NOSIGNAL)) }
                    guard wrote > 0 else { return }
                    sent += wrote
                }
            }
        }
    }

    private static func readable(_ descriptor: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 50) > 0
    }

    private static func address(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return address
    }

    private static func listen() throws -> (descriptor: Int32, port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SilentServerError(message: "socket() failed: errno \(errno)") }
        var address = address(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(descriptor, raw, length) == 0 && Glibc.listen(descriptor, 64) == 0 && getsockname(descriptor, raw, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(descriptor)
            throw SilentServerError(message: "could not listen on 127.0.0.1: errno \(errno)")
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    private static func connect(to port: UInt16) -> Int32? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = address(port: port)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            Glibc.close(descriptor)
            return nil
        }
        return descriptor
    }
}
