/// The open backends, by name, in the order they were added.
public final class BackendRegistry: Sendable {
    private let state = Locked<[any Backend]>([])

    public init(_ backends: [any Backend] = []) {
        for backend in backends { try? add(backend) }
    }

    /// Adds `backend`; throws when its name is taken.
    public func add(_ backend: any Backend) throws {
        try state.withLock { list in
            guard !list.contains(where: { $0.name == backend.name }) else {
                throw SwitchyardError(.configuration, "a backend named '\(backend.name)' already exists")
            }
            list.append(backend)
        }
    }

    /// Removes and returns the backend called `name`.
    @discardableResult
    public func remove(_ name: String) -> (any Backend)? {
        state.withLock { list in
            guard let i = list.firstIndex(where: { $0.name == name }) else { return nil }
            return list.remove(at: i)
        }
    }

    public subscript(name: String) -> (any Backend)? {
        state.withLock { list in list.first { $0.name == name } }
    }

    /// The backend called `name`, or an error listing the names there are.
    public func backend(named name: String) throws -> any Backend {
        guard let backend = self[name] else {
            throw SwitchyardError(.notFound, "no backend named '\(name)' (open: \(names.joined(separator: ", ")))")
        }
        return backend
    }

    public var all: [any Backend] { state.value }
    public var names: [String] { all.map(\.name) }

    /// Shuts every backend down, last added first.
    public func shutdownAll() async {
        for backend in all.reversed() { await backend.shutdown() }
    }
}
