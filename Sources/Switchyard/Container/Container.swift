import Foundation

/// A dependency-injection container: registrations with lifetimes, resolved safely
/// from any task.
///
/// The executable and embedding services fill one at start-up — drivers, backends,
/// router, processors — and resolve what they need. Factories receive a
/// ``Resolver`` to ask for their own dependencies; the resolver tracks the path,
/// so a missing registration or a cycle is reported with the chain that led to it.
///
/// ```swift
/// let container = Container()
/// container.register(BackendRegistry.self) { _ in BackendRegistry() }
/// container.register(Orchestrator.self) { r in
///     Orchestrator(backends: try r.resolve(BackendRegistry.self))
/// }
/// let orchestrator = try container.resolve(Orchestrator.self)
/// ```
public final class Container: Sendable {
    typealias Factory = @Sendable (Resolver) throws -> any Sendable

    struct Registration: Sendable {
        let lifetime: Lifetime
        let factory: Factory
        /// Holds the singleton once built; its lock also makes the first build happen once.
        let singleton: SingletonSlot
    }

    private let registrations = Locked<[ServiceKey: Registration]>([:])

    /// Creates an empty container.
    public init() {}

    /// Registers how to make `type` (optionally under `name`). A later registration
    /// for the same key replaces the earlier one.
    public func register<T: Sendable>(
        _ type: T.Type, name: String? = nil, lifetime: Lifetime = .singleton,
        factory: @escaping @Sendable (Resolver) throws -> T
    ) {
        let registration = Registration(lifetime: lifetime, factory: { try factory($0) }, singleton: SingletonSlot())
        registrations.withLock { $0[ServiceKey(type, name: name)] = registration }
    }

    /// Registers an existing instance as a singleton.
    public func register<T: Sendable>(_ type: T.Type, name: String? = nil, instance: T) {
        register(type, name: name, lifetime: .singleton) { _ in instance }
    }

    /// Whether something is registered for `type` (and `name`).
    public func isRegistered<T>(_ type: T.Type, name: String? = nil) -> Bool {
        registrations.withLock { $0[ServiceKey(type, name: name)] != nil }
    }

    /// Resolves `type`; throws when it is not registered, is scoped, or its
    /// dependencies form a cycle.
    public func resolve<T: Sendable>(_ type: T.Type, name: String? = nil) throws -> T {
        try Resolver(container: self, scope: nil, path: []).resolve(type, name: name)
    }

    /// A scope: scoped registrations resolve to one instance per scope.
    public func makeScope() -> Scope { Scope(container: self) }

    func registration(for key: ServiceKey) -> Registration? {
        registrations.withLock { $0[key] }
    }

    /// A unit of work (a request, a REPL session) with its own scoped instances.
    public final class Scope: Sendable {
        let container: Container
        let instances = Locked<[ServiceKey: any Sendable]>([:])

        init(container: Container) { self.container = container }

        /// Resolves `type` (optionally under `name`): a scoped registration gives this scope's own
        /// instance, made on first use; singletons and transient registrations behave as in the container.
        /// Throws when nothing is registered or the dependencies form a cycle.
        public func resolve<T: Sendable>(_ type: T.Type, name: String? = nil) throws -> T {
            try Resolver(container: container, scope: self, path: []).resolve(type, name: name)
        }
    }
}

/// The view of a ``Container`` a factory gets: resolves dependencies and remembers
/// the path that led here, for cycle detection and error messages.
public struct Resolver: Sendable {
    let container: Container
    let scope: Container.Scope?
    let path: [ServiceKey]

    /// Resolves `type` (optionally under `name`) for a factory, extending the path it was reached by.
    ///
    /// Throws when nothing is registered, when `type` is already on the path (a cycle), when a scoped
    /// registration is resolved outside a scope, or when the factory throws or returns another type.
    public func resolve<T: Sendable>(_ type: T.Type, name: String? = nil) throws -> T {
        let key = ServiceKey(type, name: name)
        guard !path.contains(key) else { throw SwitchyardError.cycle(key, path: path) }
        guard let registration = container.registration(for: key) else {
            throw SwitchyardError.notRegistered(key, path: path)
        }
        let inner = Resolver(container: container, scope: scope, path: path + [key])
        let instance: any Sendable
        switch registration.lifetime {
        case .transient:
            instance = try registration.factory(inner)
        case .singleton:
            instance = try registration.singleton.value { try registration.factory(inner) }
        case .scoped:
            guard let scope else { throw SwitchyardError.scopeRequired(key, path: path) }
            if let existing = scope.instances.withLock({ $0[key] }) {
                instance = existing
            } else {
                let made = try registration.factory(inner)
                instance = scope.instances.withLock { instances in
                    if let raced = instances[key] { return raced }
                    instances[key] = made
                    return made
                }
            }
        }
        guard let typed = instance as? T else {
            throw SwitchyardError(.typeMismatch, "the factory for \(key) returned \(Swift.type(of: instance))")
        }
        return typed
    }
}

/// Builds a singleton exactly once, even when several tasks resolve it at the same time.
final class SingletonSlot: @unchecked Sendable {
    // Safe: `instance` is only read or written while `lock` is held. NSLock-style
    // blocking is right here: factories are synchronous and short.
    private let lock = NSLock()
    private var instance: (any Sendable)?

    func value(_ make: () throws -> any Sendable) throws -> any Sendable {
        lock.lock()
        defer { lock.unlock() }
        if let instance { return instance }
        let made = try make()
        instance = made
        return made
    }
}
