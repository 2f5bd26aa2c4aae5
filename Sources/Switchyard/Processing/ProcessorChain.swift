/// Processors composed in order around a final handler.
public struct ProcessorChain: Sendable {
    public let processors: [any DataProcessor]

    public init(_ processors: [any DataProcessor]) { self.processors = processors }

    /// Calls every processor's `validate`, first to last; the first to throw stops it.
    public func validate(_ request: QueryRequest) throws {
        for processor in processors { try processor.validate(request) }
    }

    /// Validates, then runs `request` through every processor and finally `terminal`.
    public func run(_ request: QueryRequest, terminal: @escaping QueryHandler) async throws -> QueryResult {
        try validate(request)
        let handler = processors.reversed().reduce(terminal) { next, processor in
            { request in try await processor.process(request, next: next) }
        }
        return try await handler(request)
    }
}
