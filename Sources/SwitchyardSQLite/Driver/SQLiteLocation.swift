import Foundation
import Switchyard

/// Where a SQLite database lives, read from the body of a `sqlite:` URL.
///
/// Accepted forms:
/// - `sqlite:///absolute/path.db` (or `sqlite:/absolute/path.db`)
/// - `sqlite:relative.db`, resolved against the current directory when the backend opens
/// - `sqlite::memory:`, a private in-memory database
///
/// `sqlite://host/…` is refused: SQLite has no hosts, and silently treating the host as
/// a directory would open the wrong file.
public enum SQLiteLocation: Sendable, Hashable, CustomStringConvertible {
    /// A database file, by the path as written (absolute or relative).
    case file(String)
    /// A database that lives in memory and disappears when the backend shuts down.
    case memory

    /// Parses the location part of `url`; throws `.invalidInput` naming what is wrong.
    public init(url: BackendURL) throws {
        let body = url.body
        if body == ":memory:" || body == "//:memory:" {
            self = .memory
            return
        }
        var path = Substring(body)
        if path.hasPrefix("//") {
            let afterSlashes = path.dropFirst(2)
            guard afterSlashes.first == "/" else {
                throw SwitchyardError(
                    .invalidInput,
                    "'\(url.redacted)' names a host, but SQLite URLs have none",
                    hint: "use sqlite:///absolute/path.db, sqlite:relative.db or sqlite::memory:")
            }
            path = afterSlashes
        }
        guard let decoded = String(path).removingPercentEncoding else {
            throw SwitchyardError(.invalidInput, "'\(url.redacted)' has a malformed percent-escape in its path")
        }
        guard !decoded.isEmpty else {
            throw SwitchyardError(
                .invalidInput, "'\(url.redacted)' names no database file",
                hint: "use sqlite:///absolute/path.db, sqlite:relative.db or sqlite::memory:")
        }
        guard !decoded.hasSuffix("/") else {
            throw SwitchyardError(.invalidInput, "'\(url.redacted)' names a directory, not a database file")
        }
        guard !decoded.contains("\0") else {
            throw SwitchyardError(.invalidInput, "'\(url.redacted)' has a NUL character in its path")
        }
        self = .file(decoded)
    }

    /// The path to hand to `sqlite3_open_v2`: absolute for files (relative ones resolved
    /// against `directory`), `:memory:` for memory.
    public func openPath(relativeTo directory: String = FileManager.default.currentDirectoryPath) -> String {
        switch self {
        case .memory:
            return ":memory:"
        case .file(let path) where path.hasPrefix("/"):
            return path
        case .file(let path):
            return URL(fileURLWithPath: directory).appendingPathComponent(path).standardizedFileURL.path
        }
    }

    /// The file's base name without its extension (`app` for `data/app.db`), `memory` in memory.
    public var baseName: String {
        switch self {
        case .memory:
            return "memory"
        case .file(let path):
            let last = path.split(separator: "/").last.map(String.init) ?? path
            guard let dot = last.lastIndex(of: "."), dot > last.startIndex else { return last }
            return String(last[..<dot])
        }
    }

    /// Whether this is `:memory:`: a private database that has no file and one connection.
    public var isMemory: Bool { self == .memory }

    public var description: String {
        switch self {
        case .memory: ":memory:"
        case .file(let path): path
        }
    }
}
