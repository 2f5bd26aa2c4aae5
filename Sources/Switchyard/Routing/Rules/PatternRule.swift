/// Routes statements whose text matches a regular expression or holds certain keywords.
public struct PatternRule: RoutingRule {
    /// What the rule looks for in the statement text.
    public enum Matcher: Sendable, Hashable {
        /// A regular expression searched anywhere in the text.
        case regex(String)
        /// Any of these words (case-insensitive, whole words).
        case keywords([String])
    }

    public let name: String
    /// What it looks for in the statement text.
    public let matcher: Matcher
    /// The route a matching statement takes; its reason is filled in per match.
    public let route: Route

    /// `true`: it decides without waiting.
    public var honoursDeadline: Bool { true }

    /// Throws `invalidInput` for a regular expression that does not compile, so configuration errors show at start-up.
    public init(name: String = "pattern", _ matcher: Matcher, targets: [String], strategy: Route.Strategy = .single) throws {
        if case .regex(let pattern) = matcher {
            do { _ = try Regex(pattern) } catch {
                throw SwitchyardError(.invalidInput, "rule '\(name)': the regular expression '\(pattern)' does not compile: \(error)")
            }
        }
        self.name = name
        self.matcher = matcher
        self.route = Route(targets: targets, strategy: strategy, reason: "")
    }

    nonisolated(nonsending) public func evaluate(_ request: QueryRequest, context: RoutingContext) async throws -> RuleOutcome {
        let text = request.statement.text
        switch matcher {
        case .regex(let pattern):
            // Compiled per use: `Regex` is not Sendable, and the pattern was validated in `init`.
            let regex = try Regex(pattern)
            guard let found = try regex.firstMatch(in: text) else { return .noMatch("the text does not match /\(pattern)/") }
            return .match(matched("'\(text[found.range])' matches /\(pattern)/"))
        case .keywords(let keywords):
            let words = Set(text.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map { $0.lowercased() })
            guard let keyword = keywords.first(where: { words.contains($0.lowercased()) }) else {
                return .noMatch("none of \(keywords.joined(separator: ", ")) appears")
            }
            return .match(matched("the text holds '\(keyword)'"))
        }
    }

    private func matched(_ reason: String) -> Route {
        var route = self.route
        route.reason = reason
        return route
    }
}
