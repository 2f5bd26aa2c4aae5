import Foundation

/// What a Switchyard runtime opens at start-up: backends, the default one, and the
/// pipeline's settings. Read from a JSON file, with environment overrides.
///
/// ```json
/// {
///   "backends": [
///     { "name": "local", "url": "sqlite:app.db" },
///     { "name": "archive", "url": "sqlite:///var/data/archive.db?mode=ro" }
///   ],
///   "defaultBackend": "local",
///   "readOnly": false,
///   "rowLimit": 1000
/// }
/// ```
public struct SwitchyardConfiguration: Sendable, Codable, Hashable {
    /// One backend to open.
    public struct BackendEntry: Sendable, Codable, Hashable {
        /// Its name; the driver picks one from the URL when absent.
        public var name: String?
        /// Its URL. May contain a password: never log it.
        public var url: String
        /// Driver settings beyond the URL.
        public var settings: [String: String]?

        public init(name: String? = nil, url: String, settings: [String: String]? = nil) {
            self.name = name
            self.url = url
            self.settings = settings
        }
    }

    public var backends: [BackendEntry]
    /// The backend requests go to when nothing else decides.
    public var defaultBackend: String?
    /// Refuse every write (adds a ``ReadOnlyGuard``).
    public var readOnly: Bool?
    /// Cap rows per result (adds a ``RowLimitProcessor``).
    public var rowLimit: Int?

    public init(backends: [BackendEntry], defaultBackend: String? = nil, readOnly: Bool? = nil, rowLimit: Int? = nil) {
        self.backends = backends
        self.defaultBackend = defaultBackend
        self.readOnly = readOnly
        self.rowLimit = rowLimit
    }

    /// Reads a JSON configuration file; errors say which file and what is wrong in it.
    public static func load(from path: String) throws -> SwitchyardConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SwitchyardError(.notFound, "cannot read configuration file '\(path)'")
        }
        do {
            return try JSONDecoder().decode(SwitchyardConfiguration.self, from: data)
        } catch let error as DecodingError {
            throw SwitchyardError(.configuration, "configuration file '\(path)': \(error.summary)")
        } catch {
            throw SwitchyardError(.configuration, "configuration file '\(path)' is not valid JSON")
        }
    }

    /// Applies `SWITCHYARD_DEFAULT_BACKEND`, `SWITCHYARD_READ_ONLY`, `SWITCHYARD_ROW_LIMIT` and
    /// `SWITCHYARD_BACKEND_<NAME>_URL` (which replaces that backend's URL, so secrets can stay
    /// out of files).
    public func applyingEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> SwitchyardConfiguration {
        var copy = self
        if let value = environment["SWITCHYARD_DEFAULT_BACKEND"], !value.isEmpty { copy.defaultBackend = value }
        if let value = environment["SWITCHYARD_READ_ONLY"] { copy.readOnly = ["1", "true", "yes"].contains(value.lowercased()) }
        if let value = environment["SWITCHYARD_ROW_LIMIT"], let limit = Int(value) { copy.rowLimit = limit }
        for index in copy.backends.indices {
            guard let name = copy.backends[index].name else { continue }
            let key = "SWITCHYARD_BACKEND_\(name.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.reduce("") { $0 + String($1) })_URL"
            if let url = environment[key], !url.isEmpty { copy.backends[index].url = url }
        }
        return copy
    }

    /// Every problem that can be seen without connecting: bad URLs, duplicate names,
    /// an unknown default, a nonsensical row limit.
    public func problems(drivers: DriverRegistry) -> [String] {
        var problems: [String] = []
        var seen: Set<String> = []
        for (index, entry) in backends.enumerated() {
            let label = entry.name.map { "backend '\($0)'" } ?? "backend #\(index + 1)"
            do {
                let url = try BackendURL(entry.url)
                let driver = try drivers.driver(for: url)
                let name = entry.name ?? driver.defaultName(for: url)
                if !seen.insert(name).inserted { problems.append("\(label): the name '\(name)' is used twice") }
            } catch let error as SwitchyardError {
                problems.append("\(label): \(error.message)")
            } catch {
                problems.append("\(label): \(error)")
            }
        }
        if let name = defaultBackend, !backends.isEmpty, !seen.contains(name) {
            problems.append("defaultBackend '\(name)' is not one of the backends (\(seen.sorted().joined(separator: ", ")))")
        }
        if let limit = rowLimit, limit < 0 { problems.append("rowLimit must be zero or more, not \(limit)") }
        return problems
    }
}

extension DecodingError {
    /// One line: where in the file, and what was wrong.
    var summary: String {
        func path(_ context: Context) -> String {
            let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "top level" : String(p.drop { $0 == "." })
        }
        switch self {
        case .keyNotFound(let key, let context): return "\(path(context)): missing '\(key.stringValue)'"
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)): expected \(type), found null"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "unreadable"
        }
    }
}
