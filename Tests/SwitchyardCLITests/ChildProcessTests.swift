import Foundation
import SwitchyardTestSupport
import Testing

/// The child-process harness the CLI and server tests start processes with, checked against
/// /bin/sh so those tests can trust it.
@Suite("Child process harness")
struct ChildProcessTests {
    /// Runs `script` in /bin/sh and returns its exit code and standard output.
    private func shell(_ script: String, directory: String? = nil) async throws -> (code: Int32, output: String) {
        let output = Pipe()
        let child = try ChildProcess(
            executable: "/bin/sh", arguments: ["-c", script], directory: directory,
            stdout: .descriptor(output.fileHandleForWriting.fileDescriptor))
        try output.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (await child.waitForExit(), text)
    }

    @Test func theExitCodeIsTheChildsAndASignalIs128PlusItsNumber() async throws {
        #expect(try await shell("exit 3").code == 3)
        #expect(try await shell("kill -TERM $$").code == 128 + SIGTERM)
    }

    @Test func theChildHoldsNoDescriptorOfThisProcessButItsStandardStreams() async throws {
        // A pipe of this process, inheritable (no close-on-exec), numbered above the standard streams.
        var held: [Int32] = [0, 0]
        #expect(pipe(&held) == 0)
        defer { held.forEach { close($0) } }
        // `ls` lists its own descriptors: the standard streams, and the one it reads the directory with.
        let listed = try await shell("ls /proc/self/fd").output.split(separator: "\n").compactMap { Int32($0) }
        #expect(listed.contains(1))
        #expect(!listed.contains(held[0]) && !listed.contains(held[1]), "the child inherited \(held): it holds \(listed)")
        #expect(listed.allSatisfy { $0 <= 3 }, "the child holds \(listed)")
    }

    @Test func theChildRunsInTheDirectoryGivenWithTheEnvironmentGiven() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchyard-child-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try await shell("pwd -P", directory: directory).output == URL(fileURLWithPath: directory).resolvingSymlinksInPath().path + "\n")

        let output = Pipe()
        let child = try ChildProcess(
            executable: "/bin/sh", arguments: ["-c", "echo \"$ONLY_THIS\"; echo \"${HOME:-no home}\""], environment: ["ONLY_THIS": "set"],
            stdout: .descriptor(output.fileHandleForWriting.fileDescriptor))
        try output.fileHandleForWriting.close()
        #expect(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "set\nno home\n")
        #expect(await child.waitForExit() == 0)
    }

    @Test func aSignalReachesARunningChildAndNothingIsSentOnceItHasExited() async throws {
        let child = try ChildProcess(executable: "/bin/sh", arguments: ["-c", "sleep 30"])
        #expect(child.isRunning)
        child.send(SIGKILL)
        #expect(try await child.waitForExit(within: .seconds(10)) == 128 + SIGKILL)
        #expect(!child.isRunning)
        child.send(SIGKILL)
        #expect(child.waitUntilExit() == 128 + SIGKILL)
    }

    @Test func aMissingExecutableIsAnErrorNamingIt() {
        #expect {
            try ChildProcess(executable: "/nonexistent/switchyard-no-such-binary")
        } throws: { error in
            "\(error)".contains("/nonexistent/switchyard-no-such-binary")
        }
    }
}
