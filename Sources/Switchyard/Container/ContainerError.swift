extension SwitchyardError {
    static func notRegistered(_ key: ServiceKey, path: [ServiceKey]) -> SwitchyardError {
        SwitchyardError(
            .notFound, "nothing is registered for \(key)" + ServiceKey.describe(path: path + [key]),
            hint: "register it with container.register(\(key.typeName).self) { … } before resolving")
    }

    static func cycle(_ key: ServiceKey, path: [ServiceKey]) -> SwitchyardError {
        SwitchyardError(
            .configuration, "dependency cycle: " + (path + [key]).map(\.description).joined(separator: " → "),
            hint: "break the cycle by resolving one side lazily or passing it in after construction")
    }

    static func scopeRequired(_ key: ServiceKey, path: [ServiceKey]) -> SwitchyardError {
        SwitchyardError(
            .configuration, "\(key) is registered as scoped but was resolved outside a scope" + ServiceKey.describe(path: path + [key]),
            hint: "resolve it through container.makeScope()")
    }
}

/// Identifies one registration: a type and an optional name.
public struct ServiceKey: Sendable, Hashable, CustomStringConvertible {
    let type: ObjectIdentifier
    /// The type's name as Swift spells it, without the `Swift.` prefix (`Orchestrator`, `Array<Int>`).
    public let typeName: String
    /// The registration's name, or `nil` for the unnamed registration of the type.
    public let name: String?

    init<T>(_ type: T.Type, name: String?) {
        self.type = ObjectIdentifier(type)
        self.typeName = String(reflecting: type).replacingOccurrences(of: "Swift.", with: "")
        self.name = name
    }

    public var description: String { name.map { "\(typeName) named '\($0)'" } ?? typeName }

    static func describe(path: [ServiceKey]) -> String {
        path.count > 1 ? " (while resolving " + path.map(\.description).joined(separator: " → ") + ")" : ""
    }
}
