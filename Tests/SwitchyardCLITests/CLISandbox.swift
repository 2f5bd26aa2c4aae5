import Foundation
import Switchyard
import SwitchyardTestSupport
import Testing

/// What one run of the binary did.
struct CLIResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// A temporary directory to run `switchyard` in, with its data directory
/// (`XDG_DATA_HOME`) and history file pointed inside it, so tests never touch the
/// user's files or each other's.
struct CLISandbox: Sendable {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchyard-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/home", withIntermediateDirectories: true)
    }

    var dataDirectory: String { directory + "/data/switchyard" }

    func path(_ name: String) -> String { directory + "/" + name }

    func write(_ text: String, to name: String) throws {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
    }

    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SWITCHYARD_") }
        environment["XDG_DATA_HOME"] = directory + "/data"
        environment["HOME"] = directory + "/home"
        environment["SWITCHYARD_HISTORY"] = directory + "/history"
        return environment
    }

    /// Runs the binary with `arguments` in this directory; `stdin` is piped in when given
    /// (otherwise standard input is empty and not a terminal). With `interruptAfterOutput`,
    /// sends SIGINT 200 ms after standard output first contains that text; with
    /// `interruptWhen`, once that condition holds (asked every 100 ms while the child runs).
    /// `variables` are added to the environment (a configuration file's `${…}`).
    func run(
        _ arguments: [String], stdin: String? = nil, variables: [String: String] = [:], interruptAfterOutput marker: String? = nil,
        interruptWhen condition: (@Sendable () async -> Bool)? = nil
    ) async throws -> CLIResult {
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        let child = try ChildProcess(
            executable: SwitchyardBinary.path, arguments: arguments, environment: environment.merging(variables) { $1 },
            directory: directory,
            stdin: .descriptor(input.fileHandleForReading.fileDescriptor),
            stdout: .descriptor(output.fileHandleForWriting.fileDescriptor),
            stderr: .descriptor(errors.fileHandleForWriting.fileDescriptor))
        // The child's ends, closed here so that each pipe ends with the child.
        try? input.fileHandleForReading.close()
        try? output.fileHandleForWriting.close()
        try? errors.fileHandleForWriting.close()
        let stdoutText = PipeReader(output.fileHandleForReading)
        let stderrText = PipeReader(errors.fileHandleForReading)
        if let stdin { PipeReader.writeAll(Array(stdin.utf8), to: input.fileHandleForWriting.fileDescriptor) }
        try? input.fileHandleForWriting.close()
        let deadline = Task {
            try await Task.sleep(for: .seconds(30))
            child.send(SIGTERM)
        }
        if let marker {
            while !stdoutText.text.contains(marker), child.isRunning { try await Task.sleep(for: .milliseconds(10)) }
            try await Task.sleep(for: .milliseconds(200))
            child.send(SIGINT)
        }
        if let condition {
            while child.isRunning, !(await condition()) { try await Task.sleep(for: .milliseconds(100)) }
            child.send(SIGINT)
        }
        let status = await child.waitForExit()
        deadline.cancel()
        return CLIResult(status: status, stdout: await stdoutText.finished(), stderr: await stderrText.finished())
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Runs `body` in a fresh sandbox and removes it afterwards.
func withSandbox(_ body: (CLISandbox) async throws -> Void) async throws {
    let sandbox = try CLISandbox()
    defer { sandbox.remove() }
    try await body(sandbox)
}

/// Collects what a child writes to a pipe, on a thread of its own (never on the cooperative pool).
///
/// Reads with `read(2)`, retrying when a signal interrupts it: the test process gets signals
/// (children exiting, the REPL's handlers), and Foundation's `availableData` stops the whole
/// process with a fatal error on `EINTR`.
final class PipeReader: Sendable {
    private let state = Locked((bytes: Data(), done: false))

    init(_ handle: FileHandle) {
        let state = state
        Thread {
            // The thread holds the handle, so its descriptor stays open (and is not reused by
            // another test's pipe) until the reading is done.
            withExtendedLifetime(handle) {
                let descriptor = handle.fileDescriptor
                var buffer = [UInt8](repeating: 0, count: 1 << 16)
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else { break }
                    state.withLock { $0.bytes.append(contentsOf: buffer[..<count]) }
                }
            }
            state.withLock { $0.done = true }
        }.start()
    }

    /// Writes every byte to `descriptor`, retrying when a signal interrupts a write; stops
    /// quietly if the reader has gone (the child exited early).
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// What has arrived so far.
    var text: String { String(decoding: state.withLock { $0.bytes }, as: UTF8.self) }

    /// Everything, once the writer has closed the pipe.
    func finished() async -> String {
        while !state.withLock({ $0.done }) { try? await Task.sleep(for: .milliseconds(5)) }
        return text
    }
}
