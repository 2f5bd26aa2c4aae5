import Logging

/// One built-in processor as configured, globally (`processors`) or for one backend
/// (`backends[].processors`). They run in the order listed.
///
/// ```json
/// "processors": [
///   { "kind": "metrics" }, { "kind": "logging", "level": "info" },
///   { "kind": "readOnly" }, { "kind": "allowList", "operations": ["SELECT", "INSERT"] },
///   { "kind": "rowLimit", "limit": 1000 }, { "kind": "timeout", "limit": "5s" },
///   { "kind": "cache", "ttl": "30s", "maxEntries": 1000 },
///   { "kind": "audit", "backend": "local" }, { "kind": "redact", "columns": ["email"] },
///   { "kind": "retry", "maxAttempts": 3 }, { "kind": "circuitBreaker" }
/// ]
/// ```
public enum ProcessorEntry: Sendable, Hashable {
    /// Refuses writes (``ReadOnlyGuard``).
    case readOnly
    /// Only these statement verbs pass (``OperationAllowList``).
    case allowList(Set<String>)
    /// Caps rows per result (``RowLimitProcessor``).
    case rowLimit(Int)
    /// Cancels statements that run longer (``TimeoutProcessor``).
    case timeout(Duration)
    /// Caches read results (``ResultCache``).
    case cache(ttl: Duration, ttlByTable: [String: Duration] = [:], maxEntries: Int, maxRowsPerEntry: Int, maxTotalRows: Int)
    /// Records every statement to `switchyard_audit` on `backend` (``AuditProcessor``).
    case audit(backend: String)
    /// Masks these columns (``ColumnRedaction``).
    case redact(Set<String>)
    /// swift-metrics counters and timers per backend (``MetricsProcessor``).
    case metrics
    /// One structured log line per query (``QueryLoggingProcessor``).
    case logging(Logger.Level)
    /// Retries idempotent reads on connection trouble (``RetryProcessor``).
    case retry(maxAttempts: Int, baseDelay: Duration, maxDelay: Duration)
    /// Refuses requests to backends whose circuit is open (``CircuitBreakerProcessor``).
    case circuitBreaker

    static let kindNames = [
        "readOnly", "allowList", "rowLimit", "timeout", "cache", "audit", "redact", "metrics", "logging", "retry",
        "circuitBreaker",
    ]

    init?(reading reader: inout ConfigurationReader) {
        guard let kind = reader.string("kind", required: true) else { return nil }
        switch kind {
        case "readOnly": self = .readOnly
        case "allowList":
            guard let operations = reader.strings("operations", required: true) else { return nil }
            self = .allowList(Set(operations.map { $0.uppercased() }))
        case "rowLimit":
            guard let limit = reader.int("limit", in: 0...Int.max) else {
                if !reader.has("limit") { reader.problem("limit", "missing (a whole number of rows)") }
                return nil
            }
            self = .rowLimit(limit)
        case "timeout":
            guard let limit = reader.duration("limit") else {
                if !reader.has("limit") { reader.problem("limit", "missing (a duration such as \"5s\")") }
                return nil
            }
            self = .timeout(limit)
        case "cache":
            var ttlByTable: [String: Duration] = [:]
            if var tables = reader.object("tableTTL") {
                for name in tables.document.names {
                    if let ttl = tables.duration(name) { ttlByTable[name] = ttl }
                }
            }
            self = .cache(
                ttl: reader.duration("ttl") ?? .seconds(60), ttlByTable: ttlByTable, maxEntries: reader.int("maxEntries", in: 1...10_000_000) ?? 1000,
                maxRowsPerEntry: reader.int("maxRowsPerEntry", in: 0...10_000_000) ?? 1000,
                maxTotalRows: reader.int("maxTotalRows", in: 0...100_000_000) ?? 100_000)
        case "audit":
            guard let backend = reader.string("backend", required: true) else { return nil }
            self = .audit(backend: backend)
        case "redact":
            guard let columns = reader.strings("columns", required: true) else { return nil }
            self = .redact(Set(columns))
        case "metrics": self = .metrics
        case "logging":
            let name = reader.string("level") ?? "info"
            guard let level = Logger.Level(rawValue: name.lowercased()) else {
                reader.problem("level", "expected one of trace, debug, info, notice, warning, error, critical; found \"\(name)\"")
                return nil
            }
            self = .logging(level)
        case "retry":
            self = .retry(
                maxAttempts: reader.int("maxAttempts", in: 1...100) ?? 3, baseDelay: reader.duration("baseDelay") ?? .milliseconds(50),
                maxDelay: reader.duration("maxDelay") ?? .seconds(2))
        case "circuitBreaker": self = .circuitBreaker
        default:
            let suggestion = ConfigurationReader.nearest(to: kind, in: Set(Self.kindNames)).map { " (did you mean '\($0)'?)" } ?? ""
            reader.problem("kind", "unknown processor kind \"\(kind)\"\(suggestion); one of \(Self.kindNames.joined(separator: ", "))")
            return nil
        }
    }
}
