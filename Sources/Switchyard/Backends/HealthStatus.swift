/// Whether a backend answers, as last checked.
public struct HealthStatus: Sendable, Hashable, CustomStringConvertible {
    /// Whether the last check succeeded.
    public var isHealthy: Bool
    /// Round-trip time of the check.
    public var latency: Duration?
    /// What failed, when it did (never containing secrets).
    public var message: String?

    /// Creates a status; ``description`` reads it as `up (1.234 ms)` or `down: message`.
    public init(isHealthy: Bool, latency: Duration? = nil, message: String? = nil) {
        self.isHealthy = isHealthy
        self.latency = latency
        self.message = message
    }

    public var description: String {
        if isHealthy {
            return latency.map { "up (\($0.millisecondsText))" } ?? "up"
        }
        return "down" + (message.map { ": \($0)" } ?? "")
    }
}
