import Foundation

/// Everything a Switchyard runtime opens and wires at start-up: backends (with their
/// roles, tenants, shards and pools), routing rules, and the processor pipeline.
/// Read from one JSON file; every value can be overridden from the environment, and
/// secrets come from the environment only.
///
/// ```json
/// {
///   "backends": [
///     { "name": "primary", "url": "postgres://app@db1.internal/shop", "role": "primary", "poolSize": 16 },
///     { "name": "replica", "url": "postgres://app@db2.internal/shop", "role": "replica" },
///     { "name": "docs", "url": "mongodb://127.0.0.1/shop" },
///     { "name": "local", "url": "sqlite:cache.db", "processors": [{ "kind": "timeout", "limit": "2s" }] }
///   ],
///   "defaultBackend": "primary",
///   "routing": { "rules": [{ "kind": "ownership" }, { "kind": "statementKind" }] },
///   "processors": [{ "kind": "metrics" }, { "kind": "rowLimit", "limit": 1000 }]
/// }
/// ```
///
/// The password for `primary` comes from `SWITCHYARD_BACKENDS_PRIMARY_PASSWORD` (or the
/// variable its `passwordEnv` names); a password written in the file is refused. See
/// `docs/configuration.md` for every setting.
public struct SwitchyardConfiguration: Sendable, Hashable {
    /// One backend to open.
    public struct BackendEntry: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        /// Its name; the driver picks one from the URL when absent.
        public var name: String?
        /// Its URL, without a password.
        public var url: String
        /// The password, set from the environment (or in code); never from a file, never shown.
        public var password: String?
        /// The environment variable that holds the password, when not the default
        /// `SWITCHYARD_BACKENDS_<NAME>_PASSWORD`.
        public var passwordVariable: String?
        /// `primary`, `replica` or a role of your own; the statement-kind rule reads it.
        public var role: String?
        /// Tenants this backend serves; the tenant rule reads them.
        public var tenants: [String]
        /// The shard group it belongs to; a shard rule with that `group` hashes onto it.
        public var shard: String?
        /// Most connections (or worker threads) at once; passed to the driver as the `pool_size` setting.
        public var poolSize: Int?
        /// Driver settings beyond the URL (same names as the driver's URL options).
        public var settings: [String: String]?
        /// Processors that act only on this backend's legs, after routing, in order.
        public var processors: [ProcessorEntry]
        /// Where a file gave the entry, for problems found once the whole file is read.
        var place = ConfigurationPlace()

        /// Creates an entry in code, where (unlike in a file) a `password` may be given directly.
        public init(
            name: String? = nil, url: String, settings: [String: String]? = nil, role: String? = nil, tenants: [String] = [],
            shard: String? = nil, poolSize: Int? = nil, processors: [ProcessorEntry] = [], password: String? = nil
        ) {
            self.name = name
            self.url = url
            self.settings = settings
            self.role = role
            self.tenants = tenants
            self.shard = shard
            self.poolSize = poolSize
            self.processors = processors
            self.password = password
        }

        /// Name and redacted URL; the password never appears.
        public var description: String {
            "\(name ?? "(unnamed)") \(BackendURL.redact(url))\(password == nil ? "" : " (password set)")"
        }

        public var debugDescription: String { description }

        /// What `dump` and debuggers show: the password masked, the URL redacted.
        public var customMirror: Mirror {
            Mirror(self, children: [
                "name": name as Any, "url": BackendURL.redact(url), "password": password == nil ? "nil" : "***",
                "role": role as Any, "tenants": tenants, "shard": shard as Any, "poolSize": poolSize as Any,
                "processors": processors,
            ])
        }
    }

    /// The backends to open, in order; the first is where requests go when nothing else decides and no
    /// ``defaultBackend`` is set.
    public var backends: [BackendEntry]
    /// The backend requests go to when nothing else decides.
    public var defaultBackend: String?
    /// Refuse every write (adds a ``ReadOnlyGuard`` first in the pipeline).
    public var readOnly: Bool?
    /// Cap rows per result (the runtime's ``RowLimitProcessor``, adjustable at run time).
    public var rowLimit: Int?
    /// The routing rules, circuit-breaker policy and ownership refresh interval.
    public var routing: RoutingConfiguration
    /// Processors for every request, in order, before routing.
    public var processors: [ProcessorEntry]
    /// Problems found while reading the file and its environment; ``problems(drivers:)`` reports them with the rest.
    public internal(set) var readProblems: [String] = []

    /// Creates a configuration in code; call ``problems(drivers:)`` (or start it, which does) to validate it.
    public init(
        backends: [BackendEntry], defaultBackend: String? = nil, readOnly: Bool? = nil, rowLimit: Int? = nil,
        routing: RoutingConfiguration = RoutingConfiguration(), processors: [ProcessorEntry] = []
    ) {
        self.backends = backends
        self.defaultBackend = defaultBackend
        self.readOnly = readOnly
        self.rowLimit = rowLimit
        self.routing = routing
        self.processors = processors
    }

    /// Reads a JSON configuration file, filling in `${VAR}` references and applying
    /// `SWITCHYARD_…` overrides from `environment`.
    ///
    /// Throws only when the file cannot be read or is not JSON; every other problem is kept in
    /// ``readProblems`` and reported, together with those found against the drivers, by
    /// ``problems(drivers:)`` and ``SwitchyardRuntime/start(_:drivers:container:extraProcessors:logger:)``.
    public static func load(
        from path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> SwitchyardConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SwitchyardError(.notFound, "cannot read configuration file '\(path)'")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SwitchyardError(.configuration, "configuration file '\(path)' is not UTF-8 text")
        }
        do {
            return try parse(text, environment: environment)
        } catch var error as SwitchyardError {
            error.message = "configuration file '\(path)': \(error.message)"
            throw error
        }
    }

    /// Reads configuration JSON `text` (see ``load(from:environment:)``).
    public static func parse(_ text: String, environment: [String: String] = [:]) throws -> SwitchyardConfiguration {
        var tree: Value
        do {
            tree = try JSON.parse(text)
        } catch let error as SwitchyardError {
            throw SwitchyardError(.configuration, Self.locate(error.message, in: text))
        }
        let problems = ConfigurationReader.Problems()
        ConfigurationReader.reportRepeatedNames(in: tree, path: "", problems: problems)
        ConfigurationSecrets.check(tree, problems: problems)
        tree = ConfigurationEnvironment.interpolate(tree, path: "", environment: environment, problems: problems)
        ConfigurationEnvironment.override(&tree, environment: environment, problems: problems)
        var configuration = SwitchyardConfiguration(backends: [])
        if var reader = ConfigurationReader(path: "", value: tree, problems: problems) {
            configuration.read(&reader)
            reader.finish()
        }
        configuration = configuration.applyingEnvironment(environment)
        configuration.readProblems = problems.list + configuration.readProblems
        return configuration
    }

    private mutating func read(_ reader: inout ConfigurationReader) {
        for var entry in reader.objects("backends") {
            if var backend = BackendEntry(reading: &entry) {
                backend.place.path = entry.path
                backends.append(backend)
            }
            entry.finish()
        }
        defaultBackend = reader.string("defaultBackend")
        readOnly = reader.bool("readOnly")
        rowLimit = reader.int("rowLimit", in: 0...Int.max)
        if var section = reader.object("routing") {
            routing = RoutingConfiguration(reading: &section)
            section.finish()
        }
        processors = Self.readProcessors(&reader)
    }

    static func readProcessors(_ reader: inout ConfigurationReader) -> [ProcessorEntry] {
        var result: [ProcessorEntry] = []
        for var entry in reader.objects("processors") {
            guard let processor = ProcessorEntry(reading: &entry) else { continue }
            result.append(processor)
            entry.finish()
        }
        return result
    }

    /// Applies the overrides that also make sense for a configuration built in code or
    /// completed from the command line: `SWITCHYARD_DEFAULT_BACKEND`, `SWITCHYARD_READ_ONLY`,
    /// `SWITCHYARD_ROW_LIMIT`, and per backend `SWITCHYARD_BACKENDS_<NAME>_URL`, `…_PASSWORD`
    /// (or the variable named by `passwordVariable`) and `…_POOL_SIZE`.
    /// (`SWITCHYARD_BACKEND_<NAME>_URL`, the older spelling, still works.)
    public func applyingEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> SwitchyardConfiguration {
        var copy = self
        if let value = environment["SWITCHYARD_DEFAULT_BACKEND"], !value.isEmpty { copy.defaultBackend = value }
        if let value = environment["SWITCHYARD_READ_ONLY"] { copy.readOnly = ["1", "true", "yes", "on"].contains(value.lowercased()) }
        if let text = environment["SWITCHYARD_ROW_LIMIT"], !text.isEmpty {
            // A negative limit would silently return no rows at all.
            if let limit = Int(text.trimmingCharacters(in: .whitespaces)), limit >= 0 {
                copy.rowLimit = limit
            } else {
                copy.note("SWITCHYARD_ROW_LIMIT: expected a whole number of rows, 0 or more, found \"\(text)\"")
            }
        }
        for index in copy.backends.indices {
            guard let name = copy.backends[index].name else { continue }
            let legacy = "SWITCHYARD_BACKEND_" + ConfigurationEnvironment.words(name).joined(separator: "_") + "_URL"
            for key in [legacy, ConfigurationEnvironment.backendVariable(name, "url")] {
                if let url = environment[key], !url.isEmpty { copy.backends[index].url = url }
            }
            let passwordKey = copy.backends[index].passwordVariable ?? ConfigurationEnvironment.backendVariable(name, "password")
            if let password = environment[passwordKey], !password.isEmpty { copy.backends[index].password = password }
            if let text = environment[ConfigurationEnvironment.backendVariable(name, "poolSize")] {
                if let size = Int(text), size > 0 {
                    copy.backends[index].poolSize = size
                } else {
                    copy.note("\(ConfigurationEnvironment.backendVariable(name, "poolSize")): expected a whole number above 0, found \"\(text)\"")
                }
            }
        }
        return copy
    }

    /// Records a problem of the environment once: it is applied again over a configuration it
    /// was applied to already (a file's, by the command line).
    private mutating func note(_ problem: String) {
        if !readProblems.contains(problem) { readProblems.append(problem) }
    }

    /// Every problem that can be seen without connecting: what the file and environment
    /// got wrong, bad URLs, unknown drivers, duplicate names, rules and processors naming
    /// backends that do not exist, an unknown default.
    public func problems(drivers: DriverRegistry) -> [String] {
        var problems = readProblems
        var names: [String] = []
        for (index, entry) in backends.enumerated() {
            let label = entry.label(index)
            // A name given is known without the URL: a duplicate is reported even when the URL is wrong too.
            var name = entry.name
            do {
                let url = try BackendURL(entry.url)
                let driver = try drivers.driver(for: url)
                name = name ?? driver.defaultName(for: url)
                if entry.password != nil, (try? url.withPassword("x")) == nil {
                    problems.append("\(label): a password is set but the URL names no user to give it to")
                }
            } catch let error as SwitchyardError {
                problems.append("\(label): \(error.message)")
            } catch {
                problems.append("\(label): \(error)")
            }
            if let name {
                if names.contains(name) { problems.append("\(label): the name '\(name)' is used twice") }
                names.append(name)
            }
        }
        let known = Set(names)
        func checkReference(_ name: String, _ place: String) {
            guard !backends.isEmpty, !known.contains(name) else { return }
            problems.append("\(place): unknown backend '\(name)' (configured: \(known.sorted().joined(separator: ", ")))")
        }
        for (index, entry) in backends.enumerated() {
            for case .audit(let target) in entry.processors {
                checkReference(target, "\(entry.label(index)) audit processor")
            }
        }
        if let name = defaultBackend { checkReference(name, "defaultBackend") }
        if let limit = rowLimit, limit < 0 { problems.append("rowLimit must be zero or more, not \(limit)") }
        for (index, rule) in routing.rules.enumerated() {
            let place = (rule.place.path ?? "routing.rules[\(index)]") + (rule.name.map { " ('\($0)')" } ?? "")
            for name in rule.namedBackends { checkReference(name, place) }
            problems += RuntimeAssembly.ruleProblems(rule, place: place, backends: backends)
        }
        for case .audit(let target) in processors { checkReference(target, "processors: audit") }
        return problems
    }

    /// Turns `invalid JSON at offset N` into a line and column.
    private static func locate(_ message: String, in text: String) -> String {
        guard let range = message.range(of: #"at offset (\d+)"#, options: .regularExpression),
            let offset = Int(message[range].split(separator: " ").last ?? "")
        else { return message }
        let prefix = text.utf8.prefix(offset)
        let line = prefix.filter { $0 == 0x0A }.count + 1
        let lineStart = prefix.reversed().firstIndex(of: 0x0A).map { prefix.distance(from: prefix.startIndex, to: $0.base) } ?? 0
        return message.replacingCharacters(in: range, with: "at line \(line), column \(prefix.count - lineStart + 1)")
    }
}

extension SwitchyardConfiguration.BackendEntry {
    /// How problems name the entry: by its name, else by where the file gave it, else by `index`.
    func label(_ index: Int) -> String {
        name.map { "backend '\($0)'" } ?? place.path ?? "backends[\(index)]"
    }

    init?(reading reader: inout ConfigurationReader) {
        let name = reader.string("name")
        let url = reader.string("url", required: true)
        let settings = reader.stringMap("settings")
        let role = reader.string("role")
        let tenants = reader.strings("tenants") ?? []
        let shard = reader.string("shard")
        let poolSize = reader.int("poolSize", in: 1...10_000)
        let processors = SwitchyardConfiguration.readProcessors(&reader)
        let passwordVariable = reader.string("passwordEnv")
        _ = reader.value("password")  // refused by ConfigurationSecrets with its own message
        guard let url else { return nil }
        self.init(
            name: name, url: url, settings: settings.map { Dictionary($0.map { ($0.key, $0.value) }, uniquingKeysWith: { _, b in b }) },
            role: role, tenants: tenants, shard: shard, poolSize: poolSize, processors: processors)
        self.passwordVariable = passwordVariable
    }
}

/// Secrets belong in the environment: a password written into the file is a problem.
enum ConfigurationSecrets {
    static func check(_ tree: Value, problems: ConfigurationReader.Problems) {
        guard case .document(let top) = tree, case .array(let backends)? = top["backends"] else { return }
        for (index, item) in backends.enumerated() {
            guard case .document(let backend) = item else { continue }
            var label = "backends[\(index)]"
            var variable = "SWITCHYARD_BACKENDS_<NAME>_PASSWORD"
            if case .text(let name)? = backend["name"] {
                label = "backend '\(name)'"
                variable = ConfigurationEnvironment.backendVariable(name, "password")
            }
            let advice = "secrets come from the environment only: set \(variable), or name a variable with \"passwordEnv\""
            if backend["password"] != nil {
                problems.add("\(label): a password does not belong in the configuration file; \(advice)")
            }
            if case .text(let url)? = backend["url"], BackendURL.redact(url) != url {
                problems.add("\(label): the URL in the file holds a password or secret option; \(advice) (or put the whole URL in ${VARIABLE})")
            }
        }
    }
}
