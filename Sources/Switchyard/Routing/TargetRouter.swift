import Synchronization

/// The first router: an explicit target wins; otherwise the caller's current backend,
/// then the configured default, then the first backend opened.
public struct TargetRouter: Router {
    /// Used when neither the request nor the caller's session names a backend.
    public var defaultBackend: String? {
        didSet { defaultRoute = Self.route(toDefault: defaultBackend) }
    }
    /// The route to the default backend, made once: most requests take it, and its reason
    /// and trace are the same every time.
    private var defaultRoute: Route?

    /// `true`: it decides without waiting.
    public var honoursDeadline: Bool { true }

    /// Creates the router; without a `defaultBackend`, requests naming no backend go to the first opened.
    public init(defaultBackend: String? = nil) {
        self.defaultBackend = defaultBackend
        self.defaultRoute = Self.route(toDefault: defaultBackend)
    }

    private static func route(toDefault name: String?) -> Route? {
        guard let name else { return nil }
        return Route(
            targets: [name], reason: "the default backend '\(name)'",
            trace: [noExplicitTarget, noSessionBackend, RuleDecision(rule: "default backend", matched: true, note: "configured default '\(name)'")])
    }

    /// Routes to named backends, made once per target: their reason and trace are the same
    /// every time, and building them (strings, arrays) cost more than the rest of the routing.
    private let routes = RouteMemo()

    private static let noExplicitTarget = RuleDecision(rule: "explicit target", matched: false, note: "the request names no backend")
    private static let noSessionBackend = RuleDecision(rule: "session backend", matched: false, note: "the caller has no current backend")

    nonisolated(nonsending) public func route(_ request: QueryRequest, context: RoutingContext) async throws -> Route {
        func check(_ name: String) throws { try validate(name, request, context) }
        switch request.target {
        case .backend(let name):
            try check(name)
            return routes.route(for: .target(request.target)) {
                let trace = [RuleDecision(rule: "explicit target", matched: true, note: "the request names '\(name)'")]
                return Route(targets: [name], reason: "explicit target '\(name)'", trace: trace)
            }
        case .backends(let names):
            for name in names { try check(name) }
            return routes.route(for: .target(request.target)) {
                let trace = [RuleDecision(rule: "explicit targets", matched: true, note: "the request names \(names.joined(separator: ", "))")]
                return Route(
                    targets: names, strategy: names.count > 1 ? .concatenate : .single,
                    reason: "explicit targets \(names.joined(separator: ", "))", trace: trace)
            }
        case .automatic:
            break
        }
        if let current = request.context.currentBackend {
            try check(current)
            return routes.route(for: .session(current)) {
                let trace = [Self.noExplicitTarget, RuleDecision(rule: "session backend", matched: true, note: "the session uses '\(current)'")]
                return Route(targets: [current], reason: "the session's current backend '\(current)'", trace: trace)
            }
        }
        if let defaultRoute {
            try check(defaultRoute.targets[0])
            return defaultRoute
        }
        guard let first = context.backends.first else {
            throw SwitchyardError(.notFound, "no backend is open", statement: request.statement.text)
        }
        let trace = [Self.noExplicitTarget, Self.noSessionBackend, RuleDecision(rule: "first backend", matched: true, note: "'\(first)' was opened first")]
        try check(first)
        return Route(targets: [first], reason: "the first backend opened, '\(first)'", trace: trace)
    }

    /// Throws unless `name` is open and accepts the request's language, saying which it is not.
    private func validate(_ name: String, _ request: QueryRequest, _ context: RoutingContext) throws {
        guard context.backends.contains(name) else {
            throw SwitchyardError(
                .notFound, "no backend named '\(name)' (open: \(context.backends.joined(separator: ", ")))",
                statement: request.statement.text)
        }
        if !context.accepts(request.statement.language, on: name) {
            throw SwitchyardError(
                .unsupported, "backend '\(name)' does not accept \(request.statement.language) statements",
                backend: name, statement: request.statement.text)
        }
    }
}

/// The routes a ``TargetRouter`` made for named backends, by target. Shared by the router's
/// copies (a route to a name does not depend on the router's settings); the oldest is
/// forgotten past ``capacity``, so targets made up per request cannot make it grow.
private final class RouteMemo: Sendable {
    enum Key: Equatable, Sendable {
        /// A request's explicit target(s).
        case target(TargetHint)
        /// The caller's current backend.
        case session(String)
    }

    private struct Entry {
        let key: Key
        let route: Route
    }

    static let capacity = 32

    /// Searched in order: a few names compare faster than they hash.
    private let entries = Mutex<[Entry]>([])

    /// The route kept for `key`, or the one `make` makes, kept.
    func route(for key: Key, orMake make: () -> Route) -> Route {
        if let kept = entries.withLock({ entries in entries.first { $0.key == key }?.route }) { return kept }
        let route = make()
        entries.withLock { entries in
            guard !entries.contains(where: { $0.key == key }) else { return }
            if entries.count == Self.capacity { entries.removeFirst() }
            entries.append(Entry(key: key, route: route))
        }
        return route
    }
}
