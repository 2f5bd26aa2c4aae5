/// Which backends a processor applies to: every one, or only those named.
///
/// Processors run before the router, so a scoped processor decides from what the
/// request already says about its destination (an explicit target, or the caller's
/// current backend); a request whose destination is still open (`.automatic`, no
/// current backend) is matched only by a global scope.
public struct ProcessorScope: Sendable, Hashable, CustomStringConvertible {
    /// The backends named, or `nil` for all of them.
    public let backends: Set<String>?

    /// Every backend.
    public static let global = ProcessorScope(backends: nil)

    /// Only these backends.
    public static func only(_ names: Set<String>) -> ProcessorScope { ProcessorScope(backends: names) }

    /// Creates a scope over `backends`, or every backend when `nil`; ``global`` and ``only(_:)`` read better.
    public init(backends: Set<String>?) { self.backends = backends }

    /// The backends a request names before routing, or `[]` when the router will decide.
    public static func declaredBackends(of request: QueryRequest) -> [String] {
        switch request.target {
        case .backend(let name): [name]
        case .backends(let names): names
        case .automatic: request.context.currentBackend.map { [$0] } ?? []
        }
    }

    /// Whether the processor should act on `request`.
    public func applies(to request: QueryRequest) -> Bool {
        guard let backends else { return true }
        return Self.declaredBackends(of: request).contains(where: backends.contains)
    }

    /// Whether the processor should act on results from these backends (after routing).
    public func applies(toBackends names: [String]) -> Bool {
        guard let backends else { return true }
        return names.contains(where: backends.contains)
    }

    public var description: String {
        backends.map { "on " + $0.sorted().joined(separator: ", ") } ?? "on every backend"
    }
}
