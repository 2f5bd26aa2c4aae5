import Foundation
import Switchyard
import SwitchyardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A child process running in a pseudo-terminal, as a person at a terminal would run it: the pty's slave
/// side is its stdin, stdout and stderr *and* its controlling terminal (it starts a new session and opens
/// the slave itself), so raw mode, window size and Ctrl-C → SIGINT behave as they do for real.
///
/// Output is collected by a reader thread the process owns; every wait has a deadline, and the child is
/// killed when the object goes away, so a misbehaving child can fail a test but never hang it.
final class PTYProcess: Sendable {
    private let child: ChildProcess
    private let master: Int32
    private let output = Locked(PTYOutput())

    /// Starts `executable` with `arguments` and exactly `environment`, in a `columns`×`rows` terminal.
    init(
        executable: String, arguments: [String] = [], environment: [String: String],
        columns: UInt16 = 80, rows: UInt16 = 24
    ) throws {
        let pty = try PseudoTerminal(columns: columns, rows: rows)
        master = pty.master
        do {
            child = try ChildProcess(executable: executable, arguments: arguments, environment: environment, terminalPath: pty.slavePath)
        } catch {
            close(pty.master)
            throw error
        }
        let (master, output) = (master, output)
        let reader = Thread {
            defer { output.withLock { $0.readerFinished = true } }
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
                let ready = poll(&descriptor, 1, 50)
                if ready < 0 && errno == EINTR { continue }
                if output.withLock({ $0.stopped }) { return }
                guard ready > 0 else { continue }
                let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress!, $0.count) }
                if count > 0 {
                    let chunk = Array(buffer[0..<count])
                    output.withLock { $0.bytes += chunk }
                } else if count < 0 && (errno == EINTR || errno == EAGAIN) {
                    continue
                } else {
                    output.withLock { $0.closed = true }  // EIO: every slave descriptor is closed
                    return
                }
            }
        }
        reader.start()
    }

    /// Types `text` (bytes go to the terminal exactly as given; use `\r` for Enter as a terminal does).
    func send(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(master, $0.baseAddress! + offset, $0.count - offset) }
            if written > 0 { offset += written } else if !(written < 0 && errno == EINTR) { return }
        }
    }

    /// The terminal's local modes right now (raw while the line editor reads, cooked otherwise).
    var terminalModes: TerminalModes? { TerminalModes(master: master) }

    /// Everything the child wrote so far, with escape sequences and carriage returns removed.
    var screenText: String { output.withLock { $0.text } }

    /// Waits until `text` appears in the output after the previous match, and returns the output
    /// up to and including it. Fails the test (throws) with the output so far when the deadline passes.
    @discardableResult
    func expect(_ text: String, within timeout: Duration = .seconds(30),
                sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            // One look under the lock: the reader appends a child's last output and then marks
            // the terminal closed, so the text may arrive between two looks.
            let (found, closed, seen) = output.withLock { output in
                let found = output.consume(upTo: text)
                return (found, output.closed, output.unconsumed)
            }
            if let found { return found }
            if closed || ContinuousClock.now >= deadline {
                let reason = closed ? "the terminal closed" : "\(timeout) passed"
                Issue.record("'\(text)' did not appear before \(reason); output since the last match:\n\(seen)",
                             sourceLocation: sourceLocation)
                throw PTYTimeout()
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    var pid: pid_t { child.pid }

    /// Waits for the child to exit and returns its exit status (128+N when killed by signal N),
    /// or nil when it is still running at the deadline.
    func waitForExit(within timeout: Duration = .seconds(30)) async throws -> Int32? {
        try await child.waitForExit(within: timeout)
    }

    deinit {
        // Kill the child if it is still there.
        child.send(SIGKILL)
        child.waitUntilExit()
        output.withLock { $0.stopped = true }
        // The reader polls with a timeout, so it notices `stopped` quickly; close after it is gone.
        let deadline = ContinuousClock.now + .seconds(1)
        while !output.withLock({ $0.readerFinished }) && ContinuousClock.now < deadline { usleep(5_000) }
        close(master)
    }
}

struct PTYTimeout: Error {}

/// The bytes read from the terminal, and how far `expect` has matched.
struct PTYOutput: Sendable {
    var bytes: [UInt8] = []
    var closed = false
    var stopped = false
    var readerFinished = false
    /// Offset in ``text`` after the last match.
    private var consumed = 0

    var text: String { PTYText.strippingEscapes(from: String(decoding: bytes, as: UTF8.self)) }

    var unconsumed: String { String(text.dropFirst(consumed)) }

    mutating func consume(upTo needle: String) -> String? {
        let all = text
        let rest = all.dropFirst(consumed)
        guard let range = rest.range(of: needle) else { return nil }
        consumed = all.distance(from: all.startIndex, to: range.upperBound)
        return String(rest[..<range.upperBound])
    }
}
