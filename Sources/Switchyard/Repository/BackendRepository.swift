/// The ``Repository`` for any backend with an ``EntityStore``.
///
/// ```swift
/// let users = try BackendRepository<User>(backend: backend)
/// try await users.save(User(id: 1, name: "Ada", age: 36))
/// let found = try await users.find(where: Field("age") > 30, orderBy: [Field("name").ascending])
/// ```
public struct BackendRepository<Model: Entity>: Repository {
    private let store: any EntityStore

    /// Creates a repository over `store`, such as a backend's ``Backend/entityStore``.
    public init(store: any EntityStore) {
        self.store = store
    }

    /// Throws `.unsupported` when the backend offers no entity store.
    public init(backend: any Backend) throws {
        guard let store = backend.entityStore else {
            throw SwitchyardError(.unsupported, "backend '\(backend.name)' does not support repositories", backend: backend.name)
        }
        self.store = store
    }

    public func find(id: Model.ID) async throws -> Model? {
        try await find(where: .compare(field: Model.idField, .equal, id.value), orderBy: [], page: Page(limit: 1)).first
    }

    /// Decodes every matching row into memory before returning; bound large results with `page`.
    /// Throws `.invalidInput` for a page with a negative limit or offset, and when the backend
    /// fails or a row does not decode as `Model`.
    public func find(where predicate: Predicate, orderBy: [SortKey], page: Page) async throws -> [Model] {
        try page.validate()
        let rows = try await store.fetch(EntityQuery(storageName: Model.storageName, predicate: predicate, orderBy: orderBy, page: page))
        var entities: [Model] = []
        for try await row in rows {
            entities.append(try Model(from: RowDecoder(row: row)))
        }
        return entities
    }

    public func count(where predicate: Predicate) async throws -> Int {
        try await store.count(in: Model.storageName, where: predicate)
    }

    public func save(_ entity: Model) async throws {
        let document = try EntityEncoder.encode(entity)
        try await store.upsert(into: Model.storageName, keyField: Model.idField, document: document)
    }

    @discardableResult
    public func delete(id: Model.ID) async throws -> Bool {
        try await store.delete(from: Model.storageName, where: .compare(field: Model.idField, .equal, id.value)) > 0
    }
}
