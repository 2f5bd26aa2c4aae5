/// Processors composed in order around a final handler.
public struct ProcessorChain: Sendable {
    /// The processors, in the order they run.
    public let processors: [any DataProcessor]
    /// The processors, each found once to be inline or not.
    private let stages: [Stage]

    /// A processor in an object: reading a stage is a retain, and its processor is called
    /// where it is stored. Bound out of an enum of existentials, each stage's processor was
    /// copied through its value witnesses (into a box for a processor of more than three
    /// words) and destroyed again, per request.
    private final class Stage: Sendable {
        /// Whether the processor is an ``InlineProcessor``, called through `inline`.
        let isInline: Bool
        /// Its ``DataProcessor/honoursDeadline``, read once.
        let honoursDeadline: Bool
        /// The processor when inline; a stand-in that is never called otherwise. Not an optional:
        /// unwrapping one copies the existential out, which is what this class avoids (tried:
        /// 27,944 → 29,671 instructions per orchestrated SQLite lookup).
        let inline: any InlineProcessor
        let general: any DataProcessor

        init(_ processor: any DataProcessor) {
            let inline = processor as? any InlineProcessor
            isInline = inline != nil
            honoursDeadline = processor.honoursDeadline
            self.inline = inline ?? NotInline()
            general = processor
        }

        private struct NotInline: InlineProcessor {
            let name = "not inline"
        }
    }

    /// Creates a chain running `processors` in the given order.
    public init(_ processors: [any DataProcessor]) {
        self.processors = processors
        stages = processors.map(Stage.init)
    }

    /// Calls every processor's `validate`, first to last; the first to throw stops it.
    public func validate(_ request: QueryRequest) throws {
        // Through the stages: each element of `processors` would be an existential copied out.
        for stage in stages { try stage.general.validate(request) }
    }

    /// Validates, then runs `request` through every processor and finally `terminal`.
    /// `startedAt` is the instant ``InlineProcessor``s are given as the request's start.
    /// Runs on the caller's executor (`nonisolated(nonsending)`), so inline stages add no hop.
    ///
    /// Once a processor (a ``TimeoutProcessor``) has given the request a
    /// ``QueryOptions/deadline``, the processors after it that do not honour it
    /// (``DataProcessor/honoursDeadline``), and `terminal`, run in a child task cancelled at
    /// the deadline, failing with `.timeout`.
    nonisolated(nonsending) public func run(
        _ request: QueryRequest, startedAt: ContinuousClock.Instant = .now, terminal: QueryHandler
    ) async throws -> QueryResult {
        try validate(request)
        return try await run(request, from: 0, startedAt: startedAt) { request in try await watchingDeadline(of: request, terminal) }
    }

    /// ``run(_:startedAt:terminal:)`` for a `terminal` that honours the request's deadline
    /// itself (the orchestrator's routing and backends): it is not watched.
    nonisolated(nonsending) func run(
        _ request: QueryRequest, startedAt: ContinuousClock.Instant, deadlineHonouringTerminal terminal: QueryHandler
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
        let stage = stages[index]
        guard stage.isInline else {
            guard stage.honoursDeadline || !request.options.hasDeadline else {
                return try await watchingDeadline(of: request) { request in
                    try await stage.general.process(request) { request in
                        try await run(request, from: index + 1, startedAt: startedAt, terminal: terminal)
                    }
                }
            }
            return try await stage.general.process(request) { request in
                try await run(request, from: index + 1, startedAt: startedAt, terminal: terminal)
            }
        }
        try stage.inline.prepare(&request)
        var result: QueryResult
        do {
            result = try await run(copy request, from: index + 1, startedAt: startedAt, terminal: terminal)
        } catch {
            stage.inline.fail(error, for: request, startedAt: startedAt)
            throw error
        }
        // Completed in place: a copy of a result is a dozen retains and as many releases.
        do {
            try stage.inline.complete(&result, for: request, startedAt: startedAt)
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
        try await ProcessorChain([processor]).run(request, from: 0, startedAt: startedAt) { request in
            try await watchingDeadline(of: request, next)
        }
    }
}
