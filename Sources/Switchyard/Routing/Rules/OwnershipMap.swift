/// Which backend owns which table or collection, learned from the backends' catalogs.
///
/// Shared between the ``OwnershipRule`` and whoever refreshes it (the orchestrator or
/// bootstrap, at start-up and on demand), so a refresh is seen by the next request.
public final class OwnershipMap: Sendable {
    /// Lower-cased name (bare and `schema.name`) → owning backends, in the order they were learned.
    private let owners = Locked<[String: [String]]>([:])

    /// Creates a map from table (or collection) names to the backend owning each; names match
    /// case-insensitively.
    public init(_ owners: [String: String] = [:]) {
        for (table, backend) in owners { record(table, ownedBy: backend) }
    }

    /// Notes that `backend` holds `table`.
    public func record(_ table: String, ownedBy backend: String) {
        owners.withLock { map in
            let key = table.lowercased()
            if !(map[key] ?? []).contains(backend) { map[key, default: []].append(backend) }
        }
    }

    /// Replaces what is known about `backend` with the objects of its catalog.
    public func learn(_ catalog: Catalog, of backend: String) {
        owners.withLock { map in
            for key in map.keys { map[key]?.removeAll { $0 == backend } }
            map = map.filter { !$0.value.isEmpty }
            for object in catalog.objects {
                for key in Set([object.name.lowercased(), object.qualifiedName.lowercased()]) where !(map[key] ?? []).contains(backend) {
                    map[key, default: []].append(backend)
                }
            }
        }
    }

    /// Reads every backend's catalog again. A backend whose catalog cannot be read keeps
    /// what was known about it; its name and error come back so the caller can warn.
    @discardableResult
    public func refresh(from backends: [any Backend]) async -> [(backend: String, error: any Error)] {
        var failures: [(backend: String, error: any Error)] = []
        for backend in backends {
            do { learn(try await backend.catalog(), of: backend.name) } catch { failures.append((backend.name, error)) }
        }
        return failures
    }

    /// The backends that hold `table` (`schema.name` also tried as its bare name).
    public func owners(of table: String) -> [String] {
        let key = table.lowercased()
        return owners.withLock { map in
            if let found = map[key] { return found }
            if let dot = key.lastIndex(of: ".") { return map[String(key[key.index(after: dot)...])] ?? [] }
            return []
        }
    }
}
