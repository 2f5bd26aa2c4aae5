/// What the environment does to a configuration file's tree before it is read:
/// `${VAR}` references are filled in, and `SWITCHYARD_…` variables override settings.
///
/// A variable's name is the setting's path in upper snake case: `rowLimit` is
/// `SWITCHYARD_ROW_LIMIT`, the `url` of the backend named `main` is
/// `SWITCHYARD_BACKENDS_MAIN_URL`, a rule or processor is found by its `name`, its `kind`
/// (when only one has it) or its position (`SWITCHYARD_PROCESSORS_CACHE_TTL`,
/// `SWITCHYARD_ROUTING_RULES_0_BACKENDS`). Lists take comma-separated text. Variables that
/// start with no known section (`SWITCHYARD_TEST_…`) are left alone; one that names a
/// section but no setting in it is a problem, so a misspelt override is not silently ignored.
enum ConfigurationEnvironment {
    static let prefix = "SWITCHYARD_"
    static let topLevelKeys = ["backends", "defaultBackend", "readOnly", "rowLimit", "routing", "processors"]

    /// Replaces `${NAME}` and `${NAME:-fallback}` in every string of `tree`.
    static func interpolate(_ value: Value, path: String, environment: [String: String], problems: ConfigurationReader.Problems) -> Value {
        switch value {
        case .text(let text) where text.contains("${"):
            return .text(interpolate(text, path: path, environment: environment, problems: problems))
        case .array(let items):
            return .array(items.enumerated().map { interpolate($1, path: "\(path)[\($0)]", environment: environment, problems: problems) })
        case .document(let document):
            return .document(Document(document.map { field in
                let place = path.isEmpty ? field.name : "\(path).\(field.name)"
                return Document.Field(field.name, interpolate(field.value, path: place, environment: environment, problems: problems))
            }))
        default:
            return value
        }
    }

    private static func interpolate(_ text: String, path: String, environment: [String: String], problems: ConfigurationReader.Problems) -> String {
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                problems.add("\(path): '${' without a closing '}'")
                return result + rest[start.lowerBound...]
            }
            let reference = rest[start.upperBound..<end]
            let parts = reference.split(separator: ":-", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            if let value = environment[name] {
                result += value
            } else if parts.count > 1 {
                result += parts[1]
            } else {
                problems.add("\(path): the environment variable \(name) is not set")
            }
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    /// Applies every `SWITCHYARD_…` override to `tree`, in name order.
    static func override(_ tree: inout Value, environment: [String: String], problems: ConfigurationReader.Problems) {
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix(prefix) {
            let tokens = name.dropFirst(prefix.count).split(separator: "_").map(String.init)
            guard let first = topLevelKeys.first(where: { tokens.starts(with: words($0)) }) else { continue }
            // Backend URLs and passwords for backends given in code are the model's business too:
            // `SwitchyardConfiguration.applyingEnvironment` handles those; passwords never enter the tree.
            if first == "backends", tokens.last == "PASSWORD" { continue }
            if !set(value, at: tokens, in: &tree, place: "", variable: name, problems: problems) {
                problems.add("\(name) names no setting of the configuration")
            }
        }
    }

    /// Sets `value` at the path `tokens` spell, creating a missing last field; `false` when no path fits.
    private static func set(
        _ value: String, at tokens: [String], in node: inout Value, place: String, variable: String, problems: ConfigurationReader.Problems
    ) -> Bool {
        guard !tokens.isEmpty else {
            node = .text(value)
            return true
        }
        switch node {
        case .document(var document):
            // The longest existing field whose words start the remaining tokens.
            let candidates = document.names.filter { tokens.starts(with: words($0)) }.sorted { words($0).count > words($1).count }
            for key in candidates {
                var child = document[key] ?? .null
                let childPlace = place.isEmpty ? key : "\(place).\(key)"
                if set(value, at: Array(tokens.dropFirst(words(key).count)), in: &child, place: childPlace, variable: variable, problems: problems) {
                    document[key] = child
                    node = .document(document)
                    return true
                }
            }
            // A field the file leaves out: the rest of the tokens, camel-cased, is its name.
            guard candidates.isEmpty else { return false }
            let key = camelCase(tokens)
            if place.isEmpty, !topLevelKeys.contains(key) { return false }
            document[key] = .text(value)
            node = .document(document)
            problems.overrides[place.isEmpty ? key : "\(place).\(key)"] = variable
            return true
        case .array(var items):
            for (index, item) in items.enumerated() {
                for label in labels(of: item, index: index, among: items) where tokens.starts(with: label) {
                    var child = item
                    if set(value, at: Array(tokens.dropFirst(label.count)), in: &child, place: "\(place)[\(index)]", variable: variable, problems: problems) {
                        items[index] = child
                        node = .array(items)
                        return true
                    }
                }
            }
            return false
        default:
            return false
        }
    }

    /// How an element of a list can be named in a variable: its `name`, its `kind` when no
    /// other element shares it, or its index.
    private static func labels(of item: Value, index: Int, among items: [Value]) -> [[String]] {
        var labels: [[String]] = []
        if case .document(let document) = item {
            if case .text(let name)? = document["name"] { labels.append(words(name)) }
            if case .text(let kind)? = document["kind"] {
                let sharing = items.filter { if case .document(let d) = $0, d["kind"] == .text(kind) { true } else { false } }
                if sharing.count == 1 { labels.append(words(kind)) }
            }
        }
        labels.append([String(index)])
        return labels.sorted { $0.count > $1.count }
    }

    /// `rowLimit` → `["ROW", "LIMIT"]`; `eu-west` → `["EU", "WEST"]`.
    static func words(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousWasLower = false
        for character in name {
            if !(character.isLetter || character.isNumber) {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousWasLower = false
                continue
            }
            if character.isUppercase, previousWasLower, !current.isEmpty {
                words.append(current)
                current = ""
            }
            current += character.uppercased()
            previousWasLower = character.isLowercase || character.isNumber
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// `["POOL", "SIZE"]` → `poolSize`.
    static func camelCase(_ tokens: [String]) -> String {
        tokens.enumerated().map { $0 == 0 ? $1.lowercased() : $1.prefix(1).uppercased() + $1.dropFirst().lowercased() }.joined()
    }

    /// The environment variable that names backend `name`'s `setting` (`SWITCHYARD_BACKENDS_MAIN_PASSWORD`).
    static func backendVariable(_ name: String, _ setting: String) -> String {
        prefix + (["BACKENDS"] + words(name) + words(setting)).joined(separator: "_")
    }
}
