import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

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
    /// (otherwise standard input is empty and not a terminal). With `interruptAfter`,
    /// sends SIGINT after that long.
    func run(_ arguments: [String], stdin: String? = nil, interruptAfter: Duration? = nil) async throws -> CLIResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SwitchyardBinary.path)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input

        let exited = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exited.continuation.finish() }
        try process.run()
        let stdoutText = Self.readAll(output.fileHandleForReading)
        let stderrText = Self.readAll(errors.fileHandleForReading)
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        if let interruptAfter {
            try await Task.sleep(for: interruptAfter)
            process.interrupt()
        }
        let deadline = Task {
            try await Task.sleep(for: .seconds(30))
            process.terminate()
        }
        for await _ in exited.stream {}
        deadline.cancel()
        return CLIResult(status: process.terminationStatus, stdout: await stdoutText.value, stderr: await stderrText.value)
    }

    /// Reads a pipe to its end on a thread of its own (never on the cooperative pool).
    private static func readAll(_ handle: FileHandle) -> Task<String, Never> {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        let thread = Thread {
            continuation.yield(String(decoding: handle.readDataToEndOfFile(), as: UTF8.self))
            continuation.finish()
        }
        thread.start()
        return Task {
            var text = ""
            for await chunk in stream { text += chunk }
            return text
        }
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
