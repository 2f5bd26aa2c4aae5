/// The open backends, by name, in the order they were added.
public final class BackendRegistry: Sendable {
    private struct State {
        var list: [any Backend] = []
        /// What routers are told, made when the list changes rather than per request.
        var routingContext = RoutingContext(backends: [])

        mutating func listChanged() {
            routingContext = RoutingContext(
                backends: list.map(\.name),
                capabilities: Dictionary(list.map { ($0.name, $0.capabilities) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    private let state = Locked(State())

    /// Creates a registry holding `backends`; a backend whose name is already taken is left out.
    public init(_ backends: [any Backend] = []) {
        for backend in backends { try? add(backend) }
    }

    /// Adds `backend`; throws when its name is taken.
    public func add(_ backend: any Backend) throws {
        try state.withLock { state in
            guard !state.list.contains(where: { $0.name == backend.name }) else {
                throw SwitchyardError(.configuration, "a backend named '\(backend.name)' already exists")
            }
            state.list.append(backend)
            state.listChanged()
        }
    }

    /// Removes and returns the backend called `name`.
    @discardableResult
    public func remove(_ name: String) -> (any Backend)? {
        state.withLock { state in
            guard let i = state.list.firstIndex(where: { $0.name == name }) else { return nil }
            defer { state.listChanged() }
            return state.list.remove(at: i)
        }
    }

    /// The backend called `name` (exact match), or `nil` when none is open.
    public subscript(name: String) -> (any Backend)? {
        state.withLock { state in state.list.first { $0.name == name } }
    }

    /// The backend called `name`, or an error listing the names there are.
    public func backend(named name: String) throws -> any Backend {
        guard let backend = self[name] else {
            throw SwitchyardError(.notFound, "no backend named '\(name)' (open: \(names.joined(separator: ", ")))")
        }
        return backend
    }

    /// Every open backend, in the order they were added.
    public var all: [any Backend] { state.withLock { $0.list } }

    /// The open backends and their capabilities, as routers see them.
    public var routingContext: RoutingContext { state.withLock { $0.routingContext } }
    /// The open backends' names, in the order they were added.
    public var names: [String] { all.map(\.name) }

    /// Shuts every backend down, last added first.
    public func shutdownAll() async {
        for backend in all.reversed() { await backend.shutdown() }
    }
}
