import Switchyard

/// How to open a SQLite backend, read from the query string of its URL
/// (`sqlite:app.db?mode=ro&busy_timeout=2000`).
///
/// Unknown option names and malformed values are refused rather than ignored: a
/// typo such as `mode=read-only` silently opening the file read-write is worse than
/// an error.
public struct SQLiteOptions: Sendable, Hashable {
    /// How the file is opened.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// Read-only: every write fails with `.readOnly`.
        case readOnly = "ro"
        /// Read-write; the file must exist.
        case readWrite = "rw"
        /// Read-write, creating the file when missing (the default).
        case readWriteCreate = "rwc"
    }

    /// How the file is opened: read-only, read-write, or read-write creating it (the default).
    public var mode: Mode
    /// How long a connection waits for another process's lock before `.busy`, in milliseconds.
    public var busyTimeoutMilliseconds: Int
    /// Reader connections next to the single writer (files only; `:memory:` uses one connection).
    public var readerCount: Int
    /// Prepared statements kept per connection, least recently used evicted first; 0 disables caching.
    public var statementCacheSize: Int

    /// Creates options in code; values are used as given (``init(url:settings:)`` checks them).
    public init(mode: Mode = .readWriteCreate, busyTimeoutMilliseconds: Int = 5000, readerCount: Int = 4, statementCacheSize: Int = 64) {
        self.mode = mode
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.readerCount = readerCount
        self.statementCacheSize = statementCacheSize
    }

    /// The option names a URL may carry.
    public static let knownNames = ["mode", "readonly", "busy_timeout", "readers", "cache_size"]

    /// Reads the options of `url`, on top of `settings` from the configuration file
    /// (same names; the URL wins). Settings with other names are left to other components.
    public init(url: BackendURL, settings: [String: String] = [:]) throws {
        self.init()
        // The configuration's `poolSize`: the reader connections next to the writer.
        if let value = settings[BackendConfiguration.poolSizeSetting] { try apply("readers", value, source: "poolSize") }
        for name in Self.knownNames.sorted() {
            if let value = settings[name] { try apply(name, value, source: "setting") }
        }
        for (name, value) in url.options {
            guard Self.knownNames.contains(name) else {
                throw SwitchyardError(
                    .invalidInput, "unknown SQLite URL option '\(name)'",
                    hint: "known options: \(Self.knownNames.joined(separator: ", "))")
            }
            try apply(name, value, source: "URL option")
        }
    }

    private mutating func apply(_ name: String, _ value: String, source: String) throws {
        switch name {
        case "mode":
            guard let mode = Mode(rawValue: value.lowercased()) else {
                throw SwitchyardError(
                    .invalidInput, "\(source) mode=\(value) is not a SQLite open mode",
                    hint: "use mode=ro, mode=rw or mode=rwc")
            }
            self.mode = mode
        case "readonly":
            switch value.lowercased() {
            case "true", "1", "yes", "on", "": mode = .readOnly
            case "false", "0", "no", "off": if mode == .readOnly { mode = .readWriteCreate }
            default:
                throw SwitchyardError(.invalidInput, "\(source) readonly=\(value) is not true or false")
            }
        case "busy_timeout":
            busyTimeoutMilliseconds = try Self.integer(name, value, source: source, in: 0...Int(Int32.max))
        case "readers":
            readerCount = try Self.integer(name, value, source: source, in: 1...64)
        case "cache_size":
            statementCacheSize = try Self.integer(name, value, source: source, in: 0...100_000)
        default:
            break
        }
    }

    private static func integer(_ name: String, _ value: String, source: String, in range: ClosedRange<Int>) throws -> Int {
        guard let number = Int(value), range.contains(number) else {
            throw SwitchyardError(
                .invalidInput, "\(source) \(name)=\(value) is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}
