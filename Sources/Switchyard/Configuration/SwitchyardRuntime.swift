import Logging

/// A started Switchyard: open backends, the pipeline, and the container that wired
/// them. The REPL and embedding services both start one through ``start(_:drivers:container:logger:)``.
///
/// ```swift
/// let runtime = try await SwitchyardRuntime.start(configuration, drivers: DriverRegistry([SQLiteDriver()]))
/// defer { Task { await runtime.shutdown() } }
/// let result = try await runtime.orchestrator.run("SELECT count(*) FROM users")
/// ```
public final class SwitchyardRuntime: Sendable {
    public let container: Container
    public let orchestrator: Orchestrator
    public let drivers: DriverRegistry
    /// The row limit stage, kept so operators can change the limit at run time.
    public let rowLimit: RowLimitProcessor

    /// Which backend owns which table, when an ownership rule is configured.
    public let ownership: OwnershipMap?

    public var backends: BackendRegistry { orchestrator.backends }

    init(
        container: Container, orchestrator: Orchestrator, drivers: DriverRegistry, rowLimit: RowLimitProcessor,
        ownership: OwnershipMap? = nil
    ) {
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
    /// opens its backends, registers drivers, backends, router, processors and the
    /// orchestrator in `container`, and returns the running whole.
    ///
    /// If a backend fails to open, those already opened are shut down before the error is thrown.
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
                let backend = try await drivers.makeBackend(name: entry.name, url: entry.url, settings: entry.settings ?? [:])
                try registry.add(backend)
                container.register((any Backend).self, name: backend.name, instance: backend)
            }
        } catch {
            await registry.shutdownAll()
            throw error
        }

        let rowLimit = RowLimitProcessor(limit: configuration.rowLimit)
        var processors: [any DataProcessor] = []
        if configuration.readOnly == true { processors.append(ReadOnlyGuard(classifiers: drivers.statementClassifiers)) }
        processors.append(contentsOf: extraProcessors)
        processors.append(rowLimit)

        container.register(DriverRegistry.self, instance: drivers)
        container.register(BackendRegistry.self, instance: registry)
        container.register(RowLimitProcessor.self, instance: rowLimit)
        container.register((any Router).self, instance: TargetRouter(defaultBackend: configuration.defaultBackend))
        container.register(ProcessorChain.self, instance: ProcessorChain(processors))
        container.register(Orchestrator.self) { resolver in
            Orchestrator(
                backends: try resolver.resolve(BackendRegistry.self), router: try resolver.resolve((any Router).self),
                processors: try resolver.resolve(ProcessorChain.self).processors, logger: logger)
        }
        let orchestrator = try container.resolve(Orchestrator.self)
        return SwitchyardRuntime(container: container, orchestrator: orchestrator, drivers: drivers, rowLimit: rowLimit)
    }

    /// Shuts every backend down, last opened first.
    public func shutdown() async {
        await backends.shutdownAll()
    }
}
