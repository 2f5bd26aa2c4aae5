/// Typed access to stored entities that works the same on every backend.
///
/// Decorators (a cached repository, an audited one) conform too, so callers keep
/// one protocol whatever sits between them and the database.
public protocol Repository<Model>: Sendable {
    associatedtype Model: Entity

    /// The entity with this identifier, or `nil`.
    func find(id: Model.ID) async throws -> Model?
    /// Entities matching `predicate`, sorted, one page of them.
    func find(where predicate: Predicate, orderBy: [SortKey], page: Page) async throws -> [Model]
    /// How many entities match `predicate`.
    func count(where predicate: Predicate) async throws -> Int
    /// Inserts the entity, or replaces the stored one with the same identifier.
    func save(_ entity: Model) async throws
    /// Deletes the entity with this identifier; `false` when there was none.
    @discardableResult
    func delete(id: Model.ID) async throws -> Bool
}

extension Repository {
    /// `find(where:orderBy:page:)` with defaults: every entity, in the backend's order, unpaged.
    public func find(where predicate: Predicate = .all, orderBy: [SortKey] = [], page: Page = .all) async throws -> [Model] {
        try await find(where: predicate, orderBy: orderBy, page: page)
    }

    /// How many entities are stored.
    public func count() async throws -> Int { try await count(where: .all) }
}
