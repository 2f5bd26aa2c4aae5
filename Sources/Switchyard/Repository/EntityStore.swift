/// A request for stored entities, in backend-neutral terms.
public struct EntityQuery: Sendable, Hashable {
    /// The table or collection.
    public var storageName: String
    /// Which entities to return; ``Predicate/all`` for every one.
    public var predicate: Predicate
    /// The sort order, most significant key first; empty leaves the order to the backend.
    public var orderBy: [SortKey]
    /// Which slice of the sorted matches to return.
    public var page: Page

    /// Creates a query; by default every entity of `storageName`, unsorted and unpaged.
    public init(storageName: String, predicate: Predicate = .all, orderBy: [SortKey] = [], page: Page = .all) {
        self.storageName = storageName
        self.predicate = predicate
        self.orderBy = orderBy
        self.page = page
    }
}

/// What a backend implements so ``BackendRepository`` works on it: the four
/// operations a repository needs, in neutral terms, translated to native statements
/// with bound values.
///
/// SQL backends get one for free from ``SQLEntityStore`` by describing their
/// ``SQLDialect``; document stores write their own.
public protocol EntityStore: Sendable {
    /// The entities `query` selects, sorted (ascending nulls first, descending nulls last) and
    /// paged, as rows whose columns are named after the entity's coding keys (null where a
    /// stored row lacks a field). Throws `.invalidInput` for a negative limit or offset
    /// (``Page/validate()``).
    func fetch(_ query: EntityQuery) async throws -> ResultSet
    /// How many entities of `storageName` match `predicate`.
    func count(in storageName: String, where predicate: Predicate) async throws -> Int
    /// Inserts `document`, or replaces the stored one whose `keyField` matches: a field the
    /// document sets to null is null afterwards (a repository saving an entity whose optional
    /// property became `nil`).
    func upsert(into storageName: String, keyField: String, document: Document) async throws
    /// Deletes what matches; returns how many were deleted.
    func delete(from storageName: String, where predicate: Predicate) async throws -> Int
    /// One statement, in the backend's own language with every value bound, that inserts
    /// `rows` (each holding its values in `columns`' order) into `storageName`: what
    /// ``Orchestrator/copy(_:into:on:columns:rowsPerStatement:)`` sends through the pipeline.
    /// `nil` (the default) when the store writes no such statement; copying into the backend
    /// then throws `.unsupported`. A copy reuses the text of a statement whose bindings are
    /// the rows' values in order for later statements of as many rows: the text must depend
    /// only on `storageName`, `columns` and the number of rows.
    func insertStatement(into storageName: String, columns: [String], rows: [[Value]]) -> Statement?
}

extension EntityStore {
    public func insertStatement(into storageName: String, columns: [String], rows: [[Value]]) -> Statement? { nil }
}
