import Foundation

/// Reads one object of a configuration tree, field by field, writing down every
/// problem instead of stopping at the first, so start-up can report them all at once.
///
/// Each problem names its place (`backends[1].pool`, `routing.rules[0].backends`). Fields
/// that were never asked for are reported by ``finish()`` as unknown, with the nearest known
/// name when there is one — a misspelt setting is an error, not a silent default.
struct ConfigurationReader {
    /// Collects problems across every reader of one tree.
    final class Problems {
        var list: [String] = []
        /// Fields an environment variable added, by place, with the variable's name.
        var overrides: [String: String] = [:]
        func add(_ problem: String) { list.append(problem) }
    }

    let path: String
    let document: Document
    let problems: Problems
    private var asked: Set<String> = []

    init(path: String, document: Document, problems: Problems) {
        self.path = path
        self.document = document
        self.problems = problems
    }

    /// A reader of `value`, or `nil` (and a problem) when it is not an object.
    init?(path: String, value: Value, problems: Problems) {
        guard case .document(let document) = value else {
            problems.add("\(path.isEmpty ? "the top level" : path): expected an object, found \(Self.describe(value))")
            return nil
        }
        self.init(path: path, document: document, problems: problems)
    }

    func place(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func problem(_ key: String?, _ message: String) {
        problems.add("\(key.map(place) ?? (path.isEmpty ? "the top level" : path)): \(message)")
    }

    /// The raw value of `key`, marking it known; `null` counts as absent.
    mutating func value(_ key: String) -> Value? {
        asked.insert(key)
        guard let value = document[key], value != .null else { return nil }
        return value
    }

    func has(_ key: String) -> Bool { document[key] != nil && document[key] != .null }

    mutating func string(_ key: String, required: Bool = false) -> String? {
        switch value(key) {
        case .text(let text): return text
        case nil:
            if required { problem(key, "missing (a string)") }
            return nil
        case let other?:
            problem(key, "expected a string, found \(Self.describe(other))")
            return nil
        }
    }

    mutating func int(_ key: String, in range: ClosedRange<Int>? = nil) -> Int? {
        guard let raw = value(key) else { return nil }
        let number: Int?
        switch raw {
        case .int(let i): number = Int(exactly: i)
        case .text(let t): number = Int(t.trimmingCharacters(in: .whitespaces))  // environment overrides are text
        default: number = nil
        }
        guard let number else {
            problem(key, "expected a whole number, found \(Self.describe(raw))")
            return nil
        }
        if let range, !range.contains(number) {
            problem(key, "must be between \(range.lowerBound) and \(range.upperBound), not \(number)")
            return nil
        }
        return number
    }

    mutating func bool(_ key: String) -> Bool? {
        switch value(key) {
        case nil: return nil
        case .bool(let b): return b
        case .text(let t) where ["1", "true", "yes", "on"].contains(t.lowercased()): return true
        case .text(let t) where ["0", "false", "no", "off"].contains(t.lowercased()): return false
        case let other?:
            problem(key, "expected true or false, found \(Self.describe(other))")
            return nil
        }
    }

    /// A duration written `250ms`, `5s`, `2m`, `1h` (or a number of seconds).
    mutating func duration(_ key: String) -> Duration? {
        guard let raw = value(key) else { return nil }
        let parsed: Duration?
        switch raw {
        case .int(let seconds): parsed = Duration(configurationMicroseconds: Double(seconds) * 1_000_000)
        case .double(let seconds): parsed = Duration(configurationMicroseconds: seconds * 1_000_000)
        case .text(let t): parsed = Duration(configurationText: t)
        default: parsed = nil
        }
        guard let parsed else {
            problem(key, "expected a duration such as \"250ms\", \"5s\" or \"2m\", found \(Self.describe(raw))")
            return nil
        }
        return parsed
    }

    /// A list of strings; a single string counts as a list of one, and an environment
    /// override may give a comma-separated list.
    mutating func strings(_ key: String, required: Bool = false) -> [String]? {
        switch value(key) {
        case nil:
            if required { problem(key, "missing (a list of strings)") }
            return nil
        case .text(let text):
            return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        case .array(let items):
            var result: [String] = []
            for (index, item) in items.enumerated() {
                guard case .text(let text) = item else {
                    problems.add("\(place(key))[\(index)]: expected a string, found \(Self.describe(item))")
                    continue
                }
                result.append(text)
            }
            return result
        case let other?:
            problem(key, "expected a list of strings, found \(Self.describe(other))")
            return nil
        }
    }

    /// An object of string (or scalar) values, such as driver settings or a tenant map.
    mutating func stringMap(_ key: String) -> [(key: String, value: String)]? {
        guard let raw = value(key) else { return nil }
        guard case .document(let document) = raw else {
            problem(key, "expected an object, found \(Self.describe(raw))")
            return nil
        }
        var result: [(key: String, value: String)] = []
        for field in document {
            switch field.value {
            case .text(let t): result.append((field.name, t))
            case .int(let i): result.append((field.name, String(i)))
            case .double(let d): result.append((field.name, String(d)))
            case .bool(let b): result.append((field.name, b ? "true" : "false"))
            default: problems.add("\(place(key)).\(field.name): expected a string or number, found \(Self.describe(field.value))")
            }
        }
        return result
    }

    /// A nested object's reader.
    mutating func object(_ key: String) -> ConfigurationReader? {
        guard let raw = value(key) else { return nil }
        return ConfigurationReader(path: place(key), value: raw, problems: problems)
    }

    /// Readers of a list of objects; elements that are not objects are reported and skipped.
    mutating func objects(_ key: String) -> [ConfigurationReader] {
        guard let raw = value(key) else { return [] }
        guard case .array(let items) = raw else {
            problem(key, "expected a list, found \(Self.describe(raw))")
            return []
        }
        return items.enumerated().compactMap { index, item in
            ConfigurationReader(path: "\(place(key))[\(index)]", value: item, problems: problems)
        }
    }

    /// Reports every field nobody asked for (once, however often it is repeated).
    func finish() {
        var reported: Set<String> = []
        for name in document.names where !asked.contains(name) && reported.insert(name).inserted {
            if let variable = problems.overrides[place(name)] {
                problems.add("\(variable) names no setting of the configuration (it would set '\(place(name))')")
                continue
            }
            let suggestion = Self.nearest(to: name, in: asked).map { " (did you mean '\($0)'?)" } ?? ""
            problem(name, "unknown setting\(suggestion)")
        }
    }

    /// Reports every name given more than once in one object of `value`, at any depth:
    /// JSON does not forbid it, and reading only the first of two values would silently
    /// ignore the other.
    static func reportRepeatedNames(in value: Value, path: String, problems: Problems) {
        switch value {
        case .document(let document):
            var counts: [String: Int] = [:]
            for name in document.names { counts[name, default: 0] += 1 }
            var reported: Set<String> = []
            for name in document.names where counts[name, default: 0] > 1 && reported.insert(name).inserted {
                let times = counts[name] == 2 ? "twice" : "\(counts[name] ?? 0) times"
                problems.add("\(path.isEmpty ? "the top level" : path): \"\(name)\" given \(times) (only one value is allowed)")
            }
            for field in document {
                reportRepeatedNames(in: field.value, path: path.isEmpty ? field.name : "\(path).\(field.name)", problems: problems)
            }
        case .array(let items):
            for (index, item) in items.enumerated() {
                reportRepeatedNames(in: item, path: "\(path)[\(index)]", problems: problems)
            }
        default:
            break
        }
    }

    static func describe(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .text(let t): "\"\(t.count > 40 ? String(t.prefix(40)) + "…" : t)\""
        case .array: "a list"
        case .document: "an object"
        default: "\(value)"
        }
    }

    /// The known name closest to `name` (edit distance at most 2, or a case-insensitive match).
    static func nearest(to name: String, in known: Set<String>) -> String? {
        let lowered = name.lowercased()
        let scored = known.map { ($0, editDistance(lowered, $0.lowercased())) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension Duration {
    /// Parses `250ms`, `5s`, `1.5s`, `2m`, `1h` or a bare number of seconds; `nil` for anything else.
    public init?(configurationText text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(suffix: String, milliseconds: Double)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        var number = Substring(trimmed)
        var scale = 1000.0
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            number = trimmed.dropLast(unit.suffix.count)
            scale = unit.milliseconds
            break
        }
        guard let value = Double(number.trimmingCharacters(in: .whitespaces)) else { return nil }
        self.init(configurationMicroseconds: value * scale * 1000)
    }

    /// `microseconds`, rounded; `nil` when negative or not a number. Beyond Int64's microseconds
    /// (about 292,000 years) is a mistake, not a duration: refused, not a trap.
    init?(configurationMicroseconds microseconds: Double) {
        let rounded = microseconds.rounded()
        guard microseconds >= 0, rounded < 9.2e18 else { return nil }
        self = .microseconds(Int64(rounded))
    }
}
