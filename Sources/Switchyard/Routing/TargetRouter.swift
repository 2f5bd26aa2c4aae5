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

    private static let noExplicitTarget = RuleDecision(rule: "explicit target", matched: false, note: "the request names no backend")
    private static let noSessionBackend = RuleDecision(rule: "session backend", matched: false, note: "the caller has no current backend")

    nonisolated(nonsending) public func route(_ request: QueryRequest, context: RoutingContext) async throws -> Route {
        func check(_ name: String) throws -> String { try validated(name, request, context) }
        switch request.target {
        case .backend(let name):
            let trace = [RuleDecision(rule: "explicit target", matched: true, note: "the request names '\(name)'")]
            return Route(targets: [try check(name)], reason: "explicit target '\(name)'", trace: trace)
        case .backends(let names):
            let trace = [RuleDecision(rule: "explicit targets", matched: true, note: "the request names \(names.joined(separator: ", "))")]
            return Route(
                targets: try names.map(check), strategy: names.count > 1 ? .concatenate : .single,
                reason: "explicit targets \(names.joined(separator: ", "))", trace: trace)
        case .automatic:
            break
        }
        if let current = request.context.currentBackend {
            let trace = [Self.noExplicitTarget, RuleDecision(rule: "session backend", matched: true, note: "the session uses '\(current)'")]
            return Route(targets: [try check(current)], reason: "the session's current backend '\(current)'", trace: trace)
        }
        if let defaultRoute {
            _ = try check(defaultRoute.targets[0])
            return defaultRoute
        }
        guard let first = context.backends.first else {
            throw SwitchyardError(.notFound, "no backend is open", statement: request.statement.text)
        }
        let trace = [Self.noExplicitTarget, Self.noSessionBackend, RuleDecision(rule: "first backend", matched: true, note: "'\(first)' was opened first")]
        return Route(targets: [try check(first)], reason: "the first backend opened, '\(first)'", trace: trace)
    }

    /// `name` when it is open and accepts the request's language; an error saying which is not.
    private func validated(_ name: String, _ request: QueryRequest, _ context: RoutingContext) throws -> String {
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
        return name
    }
}
