/// Processors composed in order around a final handler.
public struct ProcessorChain: Sendable {
    public let processors: [any DataProcessor]

    public init(_ processors: [any DataProcessor]) { self.processors = processors }

    /// Calls every processor's `validate`, first to last; the first to throw stops it.
    public func validate(_ request: QueryRequest) throws {
        for processor in processors { try processor.validate(request) }
    }

    /// Validates, then runs `request` through every processor and finally `terminal`.
    public func run(_ request: QueryRequest, terminal: QueryHandler) async throws -> QueryResult {
        try validate(request)
        return try await run(request, from: 0, terminal: terminal)
    }

    /// Runs processor `index` with the rest of the chain as its `next`. The closures are not
    /// escaping, so a request allocates none (composing them up front made one per stage).
    private func run(_ request: QueryRequest, from index: Int, terminal: QueryHandler) async throws -> QueryResult {
        guard index < processors.count else { return try await terminal(request) }
        return try await processors[index].process(request) { request in
            try await run(request, from: index + 1, terminal: terminal)
        }
    }
}
