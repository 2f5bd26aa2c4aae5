import Logging

/// A started Switchyard: open backends, the pipeline, and the container that wired
/// them. The REPL and embedding services both start one through ``start(_:drivers:container:extraProcessors:logger:)``.
///
/// ```swift
/// let runtime = try await SwitchyardRuntime.start(configuration, drivers: DriverRegistry([SQLiteDriver()]))
/// defer { Task { await runtime.shutdown() } }
/// let result = try await runtime.orchestrator.run("SELECT count(*) FROM users")
/// ```
public final class SwitchyardRuntime: Sendable {
    /// The container every part was registered in; resolve shared objects from it by type (and name).
    public let container: Container
    /// The pipeline requests go through: processors, router, backends.
    public let orchestrator: Orchestrator
    /// The drivers backends were opened with, for opening more at run time.
    public let drivers: DriverRegistry
    /// The row limit stage, kept so operators can change the limit at run time.
    public let rowLimit: RowLimitProcessor

    /// Which backend owns which table, when an ownership rule is configured.
    public let ownership: OwnershipMap?
    /// What it was started from (passwords included: never print it whole).
    public let configuration: SwitchyardConfiguration

    /// The open backends, in the order they were opened.
    public var backends: BackendRegistry { orchestrator.backends }

    init(
        container: Container, orchestrator: Orchestrator, drivers: DriverRegistry, rowLimit: RowLimitProcessor,
        configuration: SwitchyardConfiguration, ownership: OwnershipMap? = nil
    ) {
        self.configuration = configuration
        self.container = container
        self.orchestrator = orchestrator
        self.drivers = drivers
        self.rowLimit = rowLimit
        self.ownership = ownership
    }

    /// Relearns which backend owns which table from every catalog (tables created since
    /// start-up become routable). Backends whose catalog could not be read come back with their errors.
    @discardableResult
    public func refreshOwnership() async -> [(backend: String, error: any Error)] {
        guard let ownership else { return [] }
        return await orchestrator.refreshOwnership(ownership)
    }

    /// Validates `configuration` (every problem reported at once, before connecting),
    /// opens its backends, builds the router from its rules and the pipeline from its
    /// processors, learns table ownership when a rule needs it, registers all of it in
    /// `container`, and returns the running whole.
    ///
    /// The container then resolves `DriverRegistry`, `BackendRegistry`, each `any Backend` by
    /// name, `any Router`, `ProcessorChain`, `CircuitBreakers`, `BackendLoad`, `OwnershipMap`,
    /// `RowLimitProcessor`, `SwitchyardConfiguration` and `Orchestrator`.
    ///
    /// If a backend fails to open, those already opened are shut down before the error is thrown.
    /// `extraProcessors` (your own stages) run after the configured ones, before the row limit.
    public static func start(
        _ configuration: SwitchyardConfiguration, drivers: DriverRegistry, container: Container = Container(),
        extraProcessors: [any DataProcessor] = [], logger: Logger = Logger(label: "switchyard")
    ) async throws -> SwitchyardRuntime {
        let problems = configuration.problems(drivers: drivers)
        guard problems.isEmpty else {
            throw SwitchyardError(
                .configuration, problems.count == 1 ? problems[0] : "\(problems.count) problems in the configuration",
                problems: problems.count == 1 ? [] : problems)
        }
        let registry = BackendRegistry()
        do {
            for entry in configuration.backends {
                let backend = try await open(entry, drivers: drivers)
                try registry.add(backend)
                container.register((any Backend).self, name: backend.name, instance: backend)
            }
            return try await assemble(configuration, drivers: drivers, registry: registry, container: container,
                                      extraProcessors: extraProcessors, logger: logger)
        } catch {
            await registry.shutdownAll()
            throw error
        }
    }

    private static func open(_ entry: SwitchyardConfiguration.BackendEntry, drivers: DriverRegistry) async throws -> any Backend {
        var url = entry.url
        if let password = entry.password { url = try BackendURL(url).withPassword(password).text }
        var settings = entry.settings ?? [:]
        if let size = entry.poolSize { settings[BackendConfiguration.poolSizeSetting] = String(size) }
        return try await drivers.makeBackend(name: entry.name, url: url, settings: settings)
    }

    private static func assemble(
        _ configuration: SwitchyardConfiguration, drivers: DriverRegistry, registry: BackendRegistry, container: Container,
        extraProcessors: [any DataProcessor], logger: Logger
    ) async throws -> SwitchyardRuntime {
        let shared = RuntimeAssembly.Shared(configuration: configuration, drivers: drivers, registry: registry, logger: logger)
        let rules = try RuntimeAssembly.rules(configuration.routing.rules, shared: shared)
        let router = RuleRouter(rules: rules, fallback: TargetRouter(defaultBackend: configuration.defaultBackend))

        var processors: [any DataProcessor] = []
        if configuration.readOnly == true { processors.append(ReadOnlyGuard(classifiers: drivers.statementClassifiers)) }
        processors += try await RuntimeAssembly.processors(configuration.processors, scope: .global, shared: shared)
        processors += extraProcessors
        // The REPL's \limit adjusts this one: the configured row limit stage, or one added last.
        let rowLimit: RowLimitProcessor
        if let configured = processors.lazy.compactMap({ $0 as? RowLimitProcessor }).first {
            rowLimit = configured
            if let limit = configuration.rowLimit { rowLimit.limit = limit }
        } else {
            rowLimit = RowLimitProcessor(limit: configuration.rowLimit)
            processors.append(rowLimit)
        }
        var legProcessors: [String: [any DataProcessor]] = [:]
        for entry in configuration.backends where !entry.processors.isEmpty {
            guard let name = entry.name else { continue }
            legProcessors[name] = try await RuntimeAssembly.processors(entry.processors, scope: .only([name]), shared: shared)
        }

        let usesOwnership = configuration.routing.rules.contains { $0.kind == .ownership }
        if usesOwnership {
            processors.insert(OwnershipTracker(map: shared.ownership, backends: registry, classifier: shared.classifier), at: 0)
            for failure in await shared.ownership.refresh(from: registry.all) {
                logger.warning("could not read a catalog for ownership routing",
                               metadata: ["backend": "\(failure.backend)", "error": "\(failure.error)"])
            }
        }

        container.register(SwitchyardConfiguration.self, instance: configuration)
        container.register(DriverRegistry.self, instance: drivers)
        container.register(BackendRegistry.self, instance: registry)
        container.register(CircuitBreakers.self, instance: shared.breakers)
        container.register(BackendLoad.self, instance: shared.load)
        container.register(OwnershipMap.self, instance: shared.ownership)
        container.register(RowLimitProcessor.self, instance: rowLimit)
        container.register((any Router).self, instance: router)
        container.register(ProcessorChain.self, instance: ProcessorChain(processors))
        container.register(Orchestrator.self) { [legProcessors] resolver in
            Orchestrator(
                backends: try resolver.resolve(BackendRegistry.self), router: try resolver.resolve((any Router).self),
                processors: try resolver.resolve(ProcessorChain.self).processors,
                breakers: try resolver.resolve(CircuitBreakers.self), load: try resolver.resolve(BackendLoad.self),
                legProcessors: legProcessors, logger: logger)
        }
        let orchestrator = try container.resolve(Orchestrator.self)
        return SwitchyardRuntime(
            container: container, orchestrator: orchestrator, drivers: drivers, rowLimit: rowLimit,
            configuration: configuration, ownership: usesOwnership ? shared.ownership : nil)
    }

    /// Health, circuit state and load of every backend, checked concurrently (one that does not
    /// answer does not hold up the others), in the order they were opened.
    public func backendStatus() async -> [BackendStatus] {
        let roles = Dictionary(configuration.backends.compactMap { entry in entry.name.map { ($0, entry.role) } }, uniquingKeysWith: { a, _ in a })
        let all = backends.all
        let healths = await withTaskGroup(of: (Int, HealthStatus).self) { group in
            for (index, backend) in all.enumerated() {
                group.addTask {
                    // Awaited before the tuple is made: see `Orchestrator.run(_:)` of several requests.
                    let health = await backend.health()
                    return (index, health)
                }
            }
            var healths = [HealthStatus?](repeating: nil, count: all.count)
            for await (index, health) in group { healths[index] = health }
            return healths
        }
        return zip(all, healths).map { backend, health in
            BackendStatus(
                name: backend.name, url: backend.redactedURL, role: roles[backend.name] ?? nil,
                health: health ?? HealthStatus(isHealthy: false, message: "not checked"),
                circuit: orchestrator.breakers?.state(of: backend.name) ?? .closed,
                inFlight: orchestrator.load?.inFlight(backend.name) ?? 0)
        }
    }

    /// Shuts every backend down, last opened first.
    ///
    /// Audit records still queued are saved first, while their backend is open.
    public func shutdown() async {
        let chains = [orchestrator.chain] + orchestrator.legProcessors.values
        for case let audit as AuditProcessor in chains.flatMap(\.processors) { await audit.log.flush() }
        await backends.shutdownAll()
    }
}
