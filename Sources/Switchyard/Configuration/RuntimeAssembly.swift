import Foundation
import Logging

/// Turns configured rules and processors into the objects that do the work, filling in
/// what entries leave out from the backends' roles, tenants and shard groups.
enum RuntimeAssembly {
    /// What the runtime shares between rules, processors and the orchestrator.
    struct Shared {
        let classifier: StatementClassifier
        let classifiers: [QueryLanguage: @Sendable (String) -> StatementKind]
        let operationExtractors: [QueryLanguage: @Sendable (String) -> [String]]
        let breakers: CircuitBreakers
        let load: BackendLoad
        let ownership: OwnershipMap
        let backends: [SwitchyardConfiguration.BackendEntry]
        let registry: BackendRegistry
        let logger: Logger

        init(configuration: SwitchyardConfiguration, drivers: DriverRegistry, registry: BackendRegistry, logger: Logger) {
            classifier = StatementClassifier(drivers.languageSupports)
            classifiers = drivers.statementClassifiers
            operationExtractors = drivers.operationExtractors
            breakers = CircuitBreakers(policy: configuration.routing.circuitBreaker)
            load = BackendLoad()
            ownership = OwnershipMap()
            backends = configuration.backends
            self.registry = registry
            self.logger = logger
        }
    }

    // MARK: Rules

    /// The router's rules in order; an explicit-target rule goes first unless the list places one.
    static func rules(_ entries: [RuleEntry], shared: Shared) throws -> [any RoutingRule] {
        var rules: [any RoutingRule] = []
        if !entries.contains(where: { $0.kind == .explicitTarget }) { rules.append(ExplicitTargetRule()) }
        for entry in entries {
            let rule = try makeRule(entry, shared: shared)
            rules.append(entry.name.map { NamedRule(name: $0, rule: rule) } ?? rule)
        }
        return rules
    }

    private static func makeRule(_ entry: RuleEntry, shared: Shared) throws -> any RoutingRule {
        switch entry.kind {
        case .explicitTarget:
            return ExplicitTargetRule()
        case .ownership:
            return OwnershipRule(map: shared.ownership, classifier: shared.classifier)
        case .statementKind(let primary, let replicas, let leastBusy):
            let roles = roleMembers(shared.backends)
            return StatementKindRule(
                primary: primary ?? roles.primary ?? "", replicas: replicas ?? roles.replicas,
                balancing: leastBusy ? .leastBusy(shared.load) : .roundRobin, classifier: shared.classifier, breakers: shared.breakers)
        case .pattern(let matcher, let targets, let merge):
            return try PatternRule(name: entry.name ?? "pattern", matcher, targets: targets, strategy: merge)
        case .tenant(let map):
            return TenantRule(map ?? tenantMap(shared.backends))
        case .shard(let key, let backends, let group, let virtualNodes):
            return ShardRule(key: key, backends: backends ?? shardMembers(group, shared.backends), virtualNodes: virtualNodes)
        case .failover(let backends, let includeWrites):
            return FailoverRule(
                name: entry.name ?? "failover", backends: backends, breakers: shared.breakers, includeWrites: includeWrites,
                classifier: shared.classifier)
        case .fanOut(let backends, let merge, let legFailure, let tables, let includeWrites):
            return FanOutRule(
                name: entry.name ?? "fan-out", backends: backends, strategy: merge, legFailure: legFailure,
                kinds: includeWrites ? [.read, .write] : [.read], tables: tables.map(Set.init), classifier: shared.classifier)
        }
    }

    /// Problems a rule has that only the backends' settings reveal.
    static func ruleProblems(_ rule: RuleEntry, place: String, backends: [SwitchyardConfiguration.BackendEntry]) -> [String] {
        switch rule.kind {
        case .statementKind(let primary, let replicas, _):
            let roles = roleMembers(backends)
            var problems: [String] = []
            if primary == nil {
                let primaries = backends.filter { $0.role == "primary" }.count
                if primaries == 0 { problems.append("\(place): no \"primary\" given and no backend has \"role\": \"primary\"") }
                if primaries > 1 { problems.append("\(place): \(primaries) backends have \"role\": \"primary\"; name the primary in the rule") }
            }
            if replicas == nil && roles.replicas.isEmpty {
                problems.append("\(place): no \"replicas\" given and no backend has \"role\": \"replica\"")
            }
            return problems
        case .pattern(let matcher, let targets, let merge):
            do {
                _ = try PatternRule(matcher, targets: targets, strategy: merge)
                return []
            } catch let error as SwitchyardError {
                return ["\(place): \(error.message)"]
            } catch {
                return ["\(place): \(error)"]
            }
        case .tenant(let map):
            return (map ?? tenantMap(backends)).isEmpty
                ? ["\(place): no \"tenants\" map given and no backend lists \"tenants\""] : []
        case .shard(_, let members, let group, _):
            let resolved = members ?? shardMembers(group, backends)
            if resolved.isEmpty { return ["\(place): no backend has \"shard\": \"\(group ?? "")\""] }
            return []
        case .failover(let members, _), .fanOut(let members, _, _, _, _):
            return members.count < 2 ? ["\(place): needs at least two backends, found \(members.count)"] : []
        case .explicitTarget, .ownership:
            return []
        }
    }

    static func roleMembers(_ backends: [SwitchyardConfiguration.BackendEntry]) -> (primary: String?, replicas: [String]) {
        (backends.first { $0.role == "primary" }?.name, backends.filter { $0.role == "replica" }.compactMap(\.name))
    }

    static func tenantMap(_ backends: [SwitchyardConfiguration.BackendEntry]) -> [String: String] {
        var map: [String: String] = [:]
        for backend in backends {
            guard let name = backend.name else { continue }
            for tenant in backend.tenants where map[tenant] == nil { map[tenant] = name }
        }
        return map
    }

    static func shardMembers(_ group: String?, _ backends: [SwitchyardConfiguration.BackendEntry]) -> [String] {
        guard let group else { return [] }
        return backends.filter { $0.shard == group }.compactMap(\.name)
    }

    // MARK: Processors

    /// Builds `entries` in order. The audit processor's table is created on its backend if missing.
    static func processors(_ entries: [ProcessorEntry], scope: ProcessorScope, shared: Shared) async throws -> [any DataProcessor] {
        var result: [any DataProcessor] = []
        for entry in entries {
            switch entry {
            case .readOnly: result.append(ReadOnlyGuard(classifiers: shared.classifiers))
            case .allowList(let operations): result.append(OperationAllowList(allowing: operations, scope: scope, verbExtractors: shared.operationExtractors))
            case .rowLimit(let limit): result.append(RowLimitProcessor(limit: limit))
            case .timeout(let limit): result.append(TimeoutProcessor(limit: limit, scope: scope))
            case .cache(let ttl, let ttlByTable, let maxEntries, let maxRowsPerEntry, let maxTotalRows):
                result.append(
                    ResultCache(
                        ttl: ttl, ttlByTable: ttlByTable, maxEntries: maxEntries, maxRowsPerEntry: maxRowsPerEntry,
                        maxTotalRows: maxTotalRows, scope: scope))
            case .audit(let backendName):
                result.append(AuditProcessor(log: try await auditLog(on: backendName, shared: shared), scope: scope))
            case .redact(let columns): result.append(ColumnRedaction(columns: columns, scope: scope))
            case .metrics: result.append(MetricsProcessor(scope: scope))
            case .logging(let level): result.append(QueryLoggingProcessor(logger: shared.logger, level: level, scope: scope))
            case .retry(let maxAttempts, let baseDelay, let maxDelay):
                result.append(
                    RetryProcessor(
                        maxAttempts: maxAttempts, baseDelay: baseDelay, maxDelay: maxDelay, scope: scope, classifiers: shared.classifiers))
            case .circuitBreaker:
                // The orchestrator records every leg's outcome in the same breakers; this one only refuses.
                result.append(CircuitBreakerProcessor(breakers: shared.breakers, scope: scope, recordsOutcomes: false))
            }
        }
        return result
    }

    /// An audit log writing through a repository on `backendName`; SQL backends get the table created.
    private static func auditLog(on backendName: String, shared: Shared) async throws -> AuditLog {
        let backend = try shared.registry.backend(named: backendName)
        if backend.capabilities.sqlDialect != nil {
            _ = try await backend.execute(Statement(AuditRecord.sqlTableDefinition))
        }
        return AuditLog(repository: try BackendRepository<AuditRecord>(backend: backend), logger: shared.logger)
    }
}

/// A rule shown under the name the configuration gave it.
struct NamedRule: RoutingRule {
    let name: String
    let rule: any RoutingRule

    var honoursDeadline: Bool { rule.honoursDeadline }

    nonisolated(nonsending) func evaluate(_ request: QueryRequest, context: RoutingContext) async throws -> RuleOutcome {
        try await rule.evaluate(request, context: context)
    }
}
