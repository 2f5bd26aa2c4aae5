import Foundation

/// Where the built `switchyard` executable is: next to the test bundle (SwiftPM puts
/// products and the test runner in one directory), unless `SWITCHYARD_BINARY` names it.
enum SwitchyardBinary {
    static let path: String = locate()

    private static func locate() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["SWITCHYARD_BINARY"], !path.isEmpty { return path }
        var candidates: [String] = []
        for start in [CommandLine.arguments.first, Bundle.main.executablePath].compactMap({ $0 }) {
            var directory = URL(fileURLWithPath: start).deletingLastPathComponent()
            // Inside a .xctest bundle on macOS the runner sits deeper; walk up to the products directory.
            for _ in 0..<4 {
                candidates.append(directory.appendingPathComponent("switchyard").path)
                directory = directory.deletingLastPathComponent()
            }
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug/switchyard").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }
}
