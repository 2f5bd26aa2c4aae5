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
            trace: [
                RuleDecision(rule: "explicit target", matched: false, note: "the request names no backend"),
                RuleDecision(rule: "session backend", matched: false, note: "the caller has no current backend"),
                RuleDecision(rule: "default backend", matched: true, note: "configured default '\(name)'"),
            ])
    }

    public func route(_ request: QueryRequest, context: RoutingContext) async throws -> Route {
        if case .automatic = request.target, request.context.currentBackend == nil, let defaultRoute, let name = defaultBackend {
            _ = try validated(name, request, context)
            return defaultRoute
        }
        var trace: [RuleDecision] = []
        func check(_ name: String) throws -> String { try validated(name, request, context) }

        switch request.target {
        case .backend(let name):
            trace.append(RuleDecision(rule: "explicit target", matched: true, note: "the request names '\(name)'"))
            return Route(targets: [try check(name)], reason: "explicit target '\(name)'", trace: trace)
        case .backends(let names):
            trace.append(RuleDecision(rule: "explicit targets", matched: true, note: "the request names \(names.joined(separator: ", "))"))
            return Route(
                targets: try names.map(check), strategy: names.count > 1 ? .concatenate : .single,
                reason: "explicit targets \(names.joined(separator: ", "))", trace: trace)
        case .automatic:
            trace.append(RuleDecision(rule: "explicit target", matched: false, note: "the request names no backend"))
        }
        if let current = request.context.currentBackend {
            trace.append(RuleDecision(rule: "session backend", matched: true, note: "the session uses '\(current)'"))
            return Route(targets: [try check(current)], reason: "the session's current backend '\(current)'", trace: trace)
        }
        trace.append(RuleDecision(rule: "session backend", matched: false, note: "the caller has no current backend"))
        if let defaultBackend {
            trace.append(RuleDecision(rule: "default backend", matched: true, note: "configured default '\(defaultBackend)'"))
            return Route(targets: [try check(defaultBackend)], reason: "the default backend '\(defaultBackend)'", trace: trace)
        }
        guard let first = context.backends.first else {
            throw SwitchyardError(.notFound, "no backend is open", statement: request.statement.text)
        }
        trace.append(RuleDecision(rule: "first backend", matched: true, note: "'\(first)' was opened first"))
        return Route(targets: [try check(first)], reason: "the first backend opened, '\(first)'", trace: trace)
    }

    /// `name` when it is open and accepts the request's language; an error saying which is not.
    private func validated(_ name: String, _ request: QueryRequest, _ context: RoutingContext) throws -> String {
        guard context.backends.contains(name) else {
            throw SwitchyardError(
                .notFound, "no backend named '\(name)' (open: \(context.backends.joined(separator: ", ")))",
                statement: request.statement.text)
        }
        if let caps = context.capabilities[name], !caps.languages.contains(request.statement.language) {
            throw SwitchyardError(
                .unsupported, "backend '\(name)' does not accept \(request.statement.language) statements",
                backend: name, statement: request.statement.text)
        }
        return name
    }
}
