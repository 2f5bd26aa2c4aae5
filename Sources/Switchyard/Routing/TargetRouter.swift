/// The first router: an explicit target wins; otherwise the caller's current backend,
/// then the configured default, then the first backend opened.
public struct TargetRouter: Router {
    /// Used when neither the request nor the caller's session names a backend.
    public var defaultBackend: String?

    public init(defaultBackend: String? = nil) {
        self.defaultBackend = defaultBackend
    }

    public func route(_ request: QueryRequest, context: RoutingContext) async throws -> Route {
        var trace: [RuleDecision] = []
        func check(_ name: String) throws -> String {
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
}
