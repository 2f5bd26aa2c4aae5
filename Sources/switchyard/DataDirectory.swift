import Foundation

/// Where switchyard keeps its files: `$XDG_DATA_HOME/switchyard`, else
/// `~/.local/share/switchyard` (the XDG Base Directory convention).
struct DataDirectory {
    let path: String

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            path = (xdg as NSString).appendingPathComponent("switchyard")
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            path = (home as NSString).appendingPathComponent(".local/share/switchyard")
        }
    }

    /// The history file: `SWITCHYARD_HISTORY` when set (empty disables history), else `history` here.
    static func historyFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let path = environment["SWITCHYARD_HISTORY"] { return path.isEmpty ? nil : path }
        let directory = DataDirectory(environment: environment)
        return (try? directory.create()) != nil ? (directory.path as NSString).appendingPathComponent("history") : nil
    }

    /// Creates the directory (and its parents), readable by the user only.
    func create() throws {
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
}
