import ServiceLifecycle
import Switchyard

/// A started Switchyard as a swift-service-lifecycle `Service`.
///
/// Add it to the service's `ServiceGroup` next to the HTTP server: it holds the runtime open
/// until graceful shutdown (SIGTERM, say), then closes every backend's pool, last opened first.
/// Put it *before* the services that query through it, so it is shut down after them.
///
/// ```swift
/// let runtime = try await SwitchyardRuntime.start(configuration, drivers: drivers)
/// let group = ServiceGroup(
///     services: [SwitchyardService(runtime), httpServer],
///     gracefulShutdownSignals: [.sigterm], logger: logger)
/// try await group.run()
/// ```
public struct SwitchyardService: Service {
    /// The runtime it keeps open and shuts down; query through ``SwitchyardRuntime/orchestrator``.
    public let runtime: SwitchyardRuntime
    /// How often the ownership map is relearned from the backends' catalogs; `nil` never.
    public let ownershipRefreshInterval: Duration?

    /// Wraps `runtime`, which must already be started; with an `ownershipRefreshInterval`, the service also
    /// relearns table ownership that often while it runs.
    public init(_ runtime: SwitchyardRuntime, ownershipRefreshInterval: Duration? = nil) {
        self.runtime = runtime
        self.ownershipRefreshInterval = ownershipRefreshInterval
    }

    /// Runs until graceful shutdown or cancellation, then shuts every backend down.
    public func run() async throws {
        do {
            if let interval = ownershipRefreshInterval {
                try await cancelWhenGracefulShutdown { [runtime] in
                    while true {
                        try await Task.sleep(for: interval)
                        _ = await runtime.refreshOwnership()
                    }
                }
            } else {
                try await gracefulShutdown()
            }
        } catch is CancellationError {
            // Cancelled rather than asked to shut down gracefully: close the pools all the same.
        }
        await runtime.shutdown()
    }
}
