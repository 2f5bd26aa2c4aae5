/// Processors composed in order around a final handler.
public struct ProcessorChain: Sendable {
    /// The processors, in the order they run.
    public let processors: [any DataProcessor]
    /// The processors, each found once to be inline or not.
    private let stages: [Stage]

    private enum Stage: Sendable {
        case inline(any InlineProcessor)
        case general(any DataProcessor)
    }

    public init(_ processors: [any DataProcessor]) {
        self.processors = processors
        stages = processors.map { processor in
            if let inline = processor as? any InlineProcessor { .inline(inline) } else { .general(processor) }
        }
    }

    /// Calls every processor's `validate`, first to last; the first to throw stops it.
    public func validate(_ request: QueryRequest) throws {
        for processor in processors { try processor.validate(request) }
    }

    /// Validates, then runs `request` through every processor and finally `terminal`.
    /// `startedAt` is the instant ``InlineProcessor``s are given as the request's start.
    /// Runs on the caller's executor (`nonisolated(nonsending)`), so inline stages add no hop.
    nonisolated(nonsending) public func run(
        _ request: QueryRequest, startedAt: ContinuousClock.Instant = .now, terminal: QueryHandler
    ) async throws -> QueryResult {
        try validate(request)
        return try await run(request, from: 0, startedAt: startedAt, terminal: terminal)
    }

    /// Runs stage `index` with the rest of the chain as its `next`. The closures are not
    /// escaping, so a request allocates none (composing them up front made one per stage).
    /// An inline stage runs in this call's own frame: no call through `process`, no closure,
    /// and the request is rewritten in place — a frame per stage instead of three.
    nonisolated(nonsending) private func run(
        _ request: consuming QueryRequest, from index: Int, startedAt: ContinuousClock.Instant, terminal: QueryHandler
    ) async throws -> QueryResult {
        guard index < stages.count else { return try await terminal(request) }
        let processor: any InlineProcessor
        switch stages[index] {
        case .inline(let inline): processor = inline
        case .general(let general):
            return try await general.process(request) { request in
                try await run(request, from: index + 1, startedAt: startedAt, terminal: terminal)
            }
        }
        try processor.prepare(&request)
        var result: QueryResult
        do {
            result = try await run(copy request, from: index + 1, startedAt: startedAt, terminal: terminal)
        } catch {
            processor.fail(error, for: request, startedAt: startedAt)
            throw error
        }
        // Completed in place: a copy of a result is a dozen retains and as many releases.
        do {
            try processor.complete(&result, for: request, startedAt: startedAt)
        } catch {
            result.rows.cancel()
            throw error
        }
        return consume result
    }

    /// One inline processor around `next`: what ``InlineProcessor``'s default `process` does.
    nonisolated(nonsending) static func runInline(
        _ processor: any InlineProcessor, _ request: QueryRequest, startedAt: ContinuousClock.Instant, next: QueryHandler
    ) async throws -> QueryResult {
        try await ProcessorChain([processor]).run(request, from: 0, startedAt: startedAt, terminal: next)
    }
}
