import Logging

/// Runs requests: processors, then the router, then the backend(s).
///
/// ```swift
/// let orchestrator = Orchestrator(backends: registry, processors: [ReadOnlyGuard(), RowLimitProcessor(limit: 1000)])
/// let result = try await orchestrator.run(QueryRequest("SELECT * FROM users"))
/// for try await row in result.rows { … }
/// ```
///
/// Errors from a backend come back as ``SwitchyardError`` naming the backend and
/// the statement.
public final class Orchestrator: Sendable {
    /// The open backends requests may be routed to.
    public let backends: BackendRegistry
    /// Decides which backend(s) each request goes to once the processors have let it through.
    public let router: any Router
    /// The processors every request goes through, in order, before routing.
    public let chain: ProcessorChain
    /// Told of every leg's outcome when set, so failover and routing can skip backends that are down.
    public let breakers: CircuitBreakers?
    /// Counts legs in flight per backend when set, for least-busy balancing.
    public let load: BackendLoad?
    /// Processors for one backend's legs, run after routing with the request aimed at that
    /// backend — so they apply whichever rule sent the request there.
    public let legProcessors: [String: ProcessorChain]
    private let logger: Logger
    /// The order in which several requests, or a fan-out's legs, start.
    private let schedule = FanOutSchedule()

    /// Creates an orchestrator over `backends`.
    ///
    /// - Parameters:
    ///   - backends: the open backends requests may go to.
    ///   - router: chooses the backends; by default a ``TargetRouter`` (explicit target, session backend,
    ///     then the first backend opened).
    ///   - processors: run for every request, in order, before routing.
    ///   - breakers: told of every leg's outcome, when given.
    ///   - load: counts legs in flight per backend, when given.
    ///   - legProcessors: per backend name, processors run on that backend's legs after routing.
    ///   - logger: at debug level, each request's route and failure, with its correlation ID; at any
    ///     other level the orchestrator logs nothing per request.
    public init(
        backends: BackendRegistry, router: any Router = TargetRouter(), processors: [any DataProcessor] = [],
        breakers: CircuitBreakers? = nil, load: BackendLoad? = nil, legProcessors: [String: [any DataProcessor]] = [:],
        logger: Logger = Logger(label: "switchyard.orchestrator")
    ) {
        self.backends = backends
        self.router = router
        self.chain = ProcessorChain(processors)
        self.breakers = breakers
        self.load = load
        self.legProcessors = legProcessors.filter { !$0.value.isEmpty }.mapValues(ProcessorChain.init)
        self.logger = logger
    }

    /// The processors every request goes through, in order (those of ``chain``).
    public var processors: [any DataProcessor] { chain.processors }

    /// Runs `request` through the pipeline and returns its streaming result.
    ///
    /// The pipeline's own steps and its ``InlineProcessor``s run on the caller's executor (the
    /// function is `nonisolated(nonsending)`): a request pays no hop to the global executor per
    /// step. The router's and other processors' asynchronous methods run as they declare, and
    /// the backend decides where its statement runs.
    nonisolated(nonsending) public func run(_ request: QueryRequest) async throws -> QueryResult {
        // The orchestrator only logs at debug: skip the per-request logger copy when that is off.
        var requestLogger: Logger?
        if self.logger.logLevel <= .debug {
            requestLogger = self.logger
            requestLogger?[metadataKey: "correlation-id"] = "\(request.context.correlationID)"
        }
        let logger = requestLogger
        // One clock reading serves the processors and the result's timings.
        let start = ContinuousClock.now
        do {
            // `execute` watches a deadline itself, around whatever does not honour it.
            return try await chain.run(request, startedAt: start, deadlineHonouringTerminal: { [self] request in
                try await execute(request, startedAt: start, logger: logger)
            })
        } catch {
            throw Self.requestFailure(error, request: request, logger: logger)
        }
    }

    /// The error a request that failed with `error` throws: a ``SwitchyardError`` naming its
    /// statement. Synchronous, so that `run`'s frame holds no `CancellationError` to test for.
    @inline(never)
    private static func requestFailure(_ error: any Error, request: QueryRequest, logger: Logger?) -> any Error {
        if var error = error as? SwitchyardError {
            if error.statement == nil { error.statement = request.statement.text }
            logger?.debug("request failed", metadata: ["kind": "\(error.kind)", "backend": "\(error.backend ?? "-")"])
            return error
        }
        if error is CancellationError {
            return SwitchyardError(.cancelled, "the statement was cancelled", statement: request.statement.text)
        }
        return error
    }

    /// Runs a SQL `text` with `bindings` on whatever backend the router picks.
    nonisolated(nonsending) public func run(
        _ text: String, _ bindings: [Value] = [], target: TargetHint = .automatic
    ) async throws -> QueryResult {
        try await run(QueryRequest(Statement(text, bindings), target: target))
    }

    /// Runs several requests at once and returns their results in the order given.
    ///
    /// Each request goes through the whole pipeline — processors, router, backends — as if it
    /// ran alone; they only wait together. This is the fan-out for what one ``QueryRequest``
    /// cannot carry: a statement per language (SQL for PostgreSQL and SQLite, the shell for
    /// MongoDB) or a different statement per backend. Read the results one by one, or join
    /// them with ``ResultSet/concatenating(_:)``, which lines their columns up by name:
    ///
    /// ```swift
    /// let results = try await orchestrator.run([
    ///     QueryRequest(Statement("SELECT id AS _id, name FROM customers WHERE id = $1", [42]), target: .backend("pg")),
    ///     QueryRequest(Statement("db.customers.find({_id: $1}, {name: 1})", [42], language: .mongo), target: .backend("docs")),
    /// ])
    /// let rows = ResultSet.concatenating([(source: "pg", rows: results[0].rows), (source: "docs", rows: results[1].rows)])
    /// ```
    ///
    /// If a request fails, the others' results are cancelled once all have finished, and the
    /// first failure in the order given is thrown.
    ///
    /// The requests start slowest first: the orchestrator remembers how long each backend took
    /// to answer in earlier calls, so that a slow server is already working while quicker
    /// requests run (a request routed automatically, or to a backend not yet timed, starts
    /// first, in the order given). Results come back in the order given whatever the start.
    public func run(_ requests: [QueryRequest]) async throws -> [QueryResult] {
        // Slowest first, each but the last in a child task that starts on this thread and runs
        // here until it first waits (for its server, its connection's thread), as a fan-out's
        // legs start; the last, the quickest, runs in this task once the others are under way.
        // In the order given, immediate starts measured worse (W5, three backends: 0.63 → 0.59):
        // the MongoDB request started only once the PostgreSQL and SQLite ones had waited or
        // finished. Slowest first they read 0.86–0.89, against 0.82–0.85 with plain child tasks
        // and 0.76–0.80 before (Benchmarks/README.md, fixes 65 and 69).
        let outcomes = await withTaskGroup(of: Outcome.self) { group in
            let order = schedule.order(of: requests.map(\.target))
            for index in order.dropLast() {
                let request = requests[index]
                group.addImmediateTask { [self] in
                    // Awaited into a `let` before the index joins it: Swift 6.3.1's optimiser lost
                    // the index of `return (index, .success(try await run(request)))` — a garbage
                    // index in release builds, right in debug ones (a 30-line program reproduces it).
                    let result: Result<QueryResult, any Error>
                    do { result = .success(try await run(request)) } catch { result = .failure(error) }
                    return Outcome(index: index, result: result)
                }
            }
            var outcomes = [Result<QueryResult, any Error>?](repeating: nil, count: requests.count)
            if let quickest = order.last {
                do { outcomes[quickest] = .success(try await run(requests[quickest])) } catch { outcomes[quickest] = .failure(error) }
            }
            for await outcome in group { outcomes[outcome.index] = outcome.result }
            return outcomes
        }
        var results: [QueryResult] = []
        for case .success(let result)? in outcomes { results.append(result) }
        // A fan-out or a failover timed its backends as it ran; a request for one backend is
        // timed here, off the path of a request run alone.
        for result in results where result.route.isOneLeg { schedule.record(result.timings) }
        for case .failure(let error)? in outcomes {
            for result in results { result.rows.cancel() }
            throw error
        }
        return results
    }

    /// One request's outcome when several run at once.
    private struct Outcome: Sendable {
        let index: Int
        let result: Result<QueryResult, any Error>
    }

    /// Runs `body`, a series of requests by one task, in a session on `backend`
    /// (``Backend/withSession(_:)``): on SQLite, reads routed there inside the body use one
    /// held reader.
    ///
    /// ```swift
    /// let totals = try await orchestrator.withSession(on: "local") {
    ///     try await ids.asyncMap { try await orchestrator.run("SELECT total FROM orders WHERE id = $1", [$0]).rows.collect() }
    /// }
    /// ```
    public func withSession<T: Sendable>(on backend: String, _ body: @Sendable () async throws -> T) async throws -> T {
        try await backends.backend(named: backend).withSession(body)
    }

    /// What the router would decide for `request`, without running anything.
    /// Processors' `validate` runs too, so a request they would refuse is reported.
    public func explain(_ request: QueryRequest) async throws -> Route {
        try chain.validate(request)
        return try await router.explain(request, context: routingContext())
    }

    /// Reads every backend's catalog into `map`, so ownership routing sees tables created
    /// since start-up. Backends whose catalog could not be read come back with their errors.
    @discardableResult
    public func refreshOwnership(_ map: OwnershipMap) async -> [(backend: String, error: any Error)] {
        await map.refresh(from: backends.all)
    }

    /// What routers are told: the open backends' names and capabilities.
    public func routingContext() -> RoutingContext { backends.routingContext }

    nonisolated(nonsending) private func execute(
        _ request: QueryRequest, startedAt start: ContinuousClock.Instant, logger: Logger?
    ) async throws -> QueryResult {
        let route: Route
        if request.options.hasDeadline, !router.honoursDeadline {
            route = try await Self.route(request, by: router, context: routingContext())
        } else {
            route = try await router.route(request, context: routingContext())
        }
        logger?.debug("routed", metadata: ["targets": "\(route.targets.joined(separator: ","))", "reason": "\(route.reason)"])
        if route.strategy == .failover {
            return try await runFailover(request, route: route, startedAt: start)
        }
        guard route.isOneLeg else {
            return try await runLegs(request, route: route, startedAt: start)
        }
        // One backend: run the leg in this task; a task group would only add a hop.
        let name = route.targets[0]
        let rows = try await runLeg(request, on: backends.backend(named: name)).get()
        return QueryResult(rows: rows, route: route, timings: [(name, Self.elapsed(since: start))])
    }

    /// Runs a route's legs concurrently and combines their rows as its strategy says. Apart
    /// from `execute`, whose frame would otherwise make room for the task group's iterator and
    /// its priority (resilient types, taken from the task allocator) on every request.
    nonisolated(nonsending) private func runLegs(
        _ request: QueryRequest, route: Route, startedAt start: ContinuousClock.Instant
    ) async throws -> QueryResult {
        let legBackends = try route.targets.map { try backends.backend(named: $0) }
        let merging = try FanOutMerge(request, route: route)
        let legRequest = merging.legRequest
        // Each leg's outcome and time at its place in the route.
        var outcomes = [Result<ResultSet, SwitchyardError>?](repeating: nil, count: legBackends.count)
        var timings: [(backend: String, elapsed: Duration)] = route.targets.map { ($0, .zero) }
        // Start every leg before streaming any: legs run concurrently, rows stream in route order.
        await withTaskGroup(of: (Int, Result<ResultSet, SwitchyardError>, Duration).self) { group in
            // Slowest backend first, as in `run(_:)` of several requests. Each leg but the last
            // starts on this thread and runs here until it first waits (for its server, its
            // connection's thread): starting a leg wakes no thread, and the next starts as soon
            // as the one before is waiting. The last, the quickest, runs in this task itself
            // (often to its end: a SQLite read), which saves it a child task of its own.
            let order = schedule.order(ofBackends: route.targets)
            for index in order.dropLast() {
                let backend = legBackends[index]
                group.addImmediateTask { [self] in
                    let rows = await runLeg(legRequest, on: backend)
                    return (index, rows, Self.elapsed(since: start))
                }
            }
            if let quickest = order.last {
                outcomes[quickest] = await runLeg(legRequest, on: legBackends[quickest])
                timings[quickest].elapsed = Self.elapsed(since: start)
            }
            for await (index, rows, elapsed) in group {
                outcomes[index] = rows
                timings[index].elapsed = elapsed
            }
        }
        var legs: [(source: String, rows: ResultSet)] = []
        var notices: [String] = []
        var failed: [String] = []
        var firstError: SwitchyardError?
        for (name, outcome) in zip(route.targets, outcomes) {
            switch outcome {
            case .success(let rows)?: legs.append((name, rows))
            case .failure(let error)?:
                firstError = firstError ?? error
                failed.append(name)
                notices.append("backend '\(name)' failed (\(error.kind): \(error.message)); the result is partial")
            case nil: preconditionFailure("a leg of the fan-out did not report")
            }
        }
        if let firstError, route.legFailure == .failRequest || legs.isEmpty {
            for leg in legs { leg.rows.cancel() }
            throw firstError
        }
        schedule.record(timings)
        guard route.legFailure == .partialResult, legs.count > 1 else {
            return QueryResult(
                rows: try merging.merge(legs), route: route, timings: timings, notices: notices, failedBackends: failed)
        }
        // Under the partial policy a leg that breaks off mid-stream ends with a warning in the summary.
        let warnings = LegWarnings()
        let tolerant = legs.map { (source: $0.source, rows: $0.rows.endingOnFailure(source: $0.source, warnings: warnings)) }
        return QueryResult(
            rows: try merging.merge(tolerant).reporting(warnings), route: route, timings: timings, notices: notices,
            failedBackends: failed)
    }

    /// Tries the route's targets in order until one answers; only failures that mean the
    /// backend is unreachable move on, since another backend would not fix a bad statement.
    nonisolated(nonsending) private func runFailover(
        _ request: QueryRequest, route: Route, startedAt start: ContinuousClock.Instant
    ) async throws -> QueryResult {
        var notices: [String] = []
        var timings: [(backend: String, elapsed: Duration)] = []
        var lastError: SwitchyardError?
        for name in route.targets {
            if let breakers, !breakers.allowsRequest(to: name) {
                notices.append(Self.skippedNotice(name, breakers: breakers))
                continue
            }
            let backend = try backends.backend(named: name)
            let outcome = await runLeg(request, on: backend)
            timings.append((name, Self.elapsed(since: start)))
            switch outcome {
            case .success(let rows):
                if !notices.isEmpty { notices.append("answered by '\(name)' after failover") }
                var answered = route
                answered.targets = [name]
                schedule.record(timings)
                return QueryResult(rows: rows, route: answered, timings: timings, notices: notices)
            case .failure(let error):
                guard Self.meansUnreachable(error) else { throw error }
                notices.append("backend '\(name)' failed (\(error.kind): \(error.message))")
                lastError = error
            }
        }
        throw lastError
            ?? SwitchyardError(.connection, "no failover backend could be tried (\(route.targets.joined(separator: ", ")))",
                statement: request.statement.text)
    }

    /// Why a failover passed `backend` by: its circuit is open, or half-open with its probes
    /// already out (another request is finding out whether it recovered).
    @inline(never)
    private static func skippedNotice(_ backend: String, breakers: CircuitBreakers) -> String {
        if case .halfOpen = breakers.state(of: backend) {
            return "backend '\(backend)' skipped: its circuit is half-open and another request is probing it"
        }
        return "backend '\(backend)' skipped: its circuit is open"
    }

    /// Runs one leg, telling the breakers and the load counter how it went.
    nonisolated(nonsending) private func runLeg(
        _ request: QueryRequest, on backend: any Backend
    ) async -> Result<ResultSet, SwitchyardError> {
        let name = backend.name
        load?.begin(name)
        defer { load?.end(name) }
        do {
            let rows: ResultSet
            // Most configurations have no leg processors: skip hashing the name then.
            let legChain = legProcessors.isEmpty ? nil : legProcessors[name]
            if request.options.hasDeadline, !backend.capabilities.supports(.deadlines) {
                rows = try await Self.runWatchingDeadline(request, through: legChain, on: backend)
            } else if let legChain {
                rows = try await Self.run(request, through: legChain, on: backend)
            } else {
                rows = try await backend.query(request.statement, options: request.options)
            }
            guard let breakers else { return .success(rows) }
            return .success(Self.reporting(rows, of: name, to: breakers))
        } catch {
            return .failure(Self.legFailure(error, backend: name, statement: request.statement.text, breakers: breakers))
        }
    }

    /// Runs a leg's request through its backend's leg processors (which watch the request's
    /// deadline around those that do not honour it; the backend is not watched). Apart from
    /// `runLeg`, whose frame would otherwise make room for the chain's start instant on every request.
    nonisolated(nonsending) private static func run(
        _ request: QueryRequest, through legChain: ProcessorChain, on backend: any Backend
    ) async throws -> ResultSet {
        var legRequest = request
        legRequest.target = .backend(backend.name)
        let route = Route(targets: [backend.name], reason: "leg of a routed request")
        return try await legChain.run(legRequest, startedAt: .now, deadlineHonouringTerminal: { request in
            QueryResult(rows: try await backend.query(request.statement, options: request.options), route: route)
        }).rows
    }

    /// Runs a leg on a backend that does not honour deadlines, for a request that has one: in
    /// a child task cancelled at the deadline, its rows watched too.
    @inline(never)
    nonisolated(nonsending) private static func runWatchingDeadline(
        _ request: QueryRequest, through legChain: ProcessorChain?, on backend: any Backend
    ) async throws -> ResultSet {
        try await watchingDeadline(of: request) { request in
            let rows: ResultSet
            if let legChain {
                rows = try await run(request, through: legChain, on: backend)
            } else {
                rows = try await backend.query(request.statement, options: request.options)
            }
            return QueryResult(rows: rows, route: Route(targets: [backend.name], reason: "leg of a routed request"))
        }.rows
    }

    /// Routes a request that has a deadline with a router that does not honour it: in a child
    /// task cancelled at the deadline.
    @inline(never)
    nonisolated(nonsending) private static func route(
        _ request: QueryRequest, by router: any Router, context: RoutingContext
    ) async throws -> Route {
        guard let deadline = request.options.deadline else { return try await router.route(request, context: context) }
        return try await withDeadline(deadline, limit: request.options.timeoutNaming(deadline)) {
            try await router.route(request, context: context)
        }
    }

    // `runLeg`'s synchronous parts. Kept out of its frame, which would otherwise make room for
    // a `CancellationError` and a breaker's state (resilient types, taken from the task
    // allocator) on every request.

    /// `rows`, with `breakers` told that `backend` answered, and told again if it is lost while
    /// they stream (rows all read cannot be).
    @inline(never)
    private static func reporting(_ rows: ResultSet, of backend: String, to breakers: CircuitBreakers) -> ResultSet {
        breakers.recordSuccess(backend)
        guard !rows.hasAllRows else { return rows }
        return rows.observed(onFinish: { outcome in
            if case .failed(let error as SwitchyardError, _) = outcome, meansUnreachable(error) {
                breakers.recordFailure(backend)
            }
        })
    }

    /// A leg's `error` as a ``SwitchyardError`` naming its backend and statement; `breakers`
    /// are told if it means the backend is unreachable.
    @inline(never)
    private static func legFailure(
        _ error: any Error, backend: String, statement: String, breakers: CircuitBreakers?
    ) -> SwitchyardError {
        let failure: SwitchyardError
        if let error = error as? SwitchyardError {
            failure = error.attributed(to: backend, statement: statement)
        } else if error is CancellationError {
            failure = SwitchyardError(.cancelled, "the statement was cancelled", backend: backend, statement: statement)
        } else {
            failure = SwitchyardError(.database, "\(error)", backend: backend, statement: statement)
        }
        if meansUnreachable(failure) {
            breakers?.recordFailure(backend)
        } else {
            // A half-open circuit's probe that failed on its statement proves nothing: give the probe back.
            breakers?.recordInconclusive(backend)
        }
        return failure
    }

    /// The time since `start`. Synchronous: the instant it makes would be a resilient
    /// temporary in an async caller's frame, taken from the task allocator.
    @inline(never)
    private static func elapsed(since start: ContinuousClock.Instant) -> Duration { .now - start }

    /// Errors that say the backend, not the statement, is the problem.
    private static func meansUnreachable(_ error: SwitchyardError) -> Bool {
        [.connection, .timeout, .busy].contains(error.kind)
    }
}
