import Switchyard

/// The current backend's tables and columns as last read, for tab completion.
///
/// Completion runs on the editor's thread and must answer at once, so it reads this
/// snapshot instead of asking the database; the session refreshes it when the current
/// backend changes and after statements that change the schema.
public final class CompletionCatalog: Sendable {
    private let objects = Locked<[CatalogObject]>([])

    /// Creates a snapshot holding `objects`; empty until the session reads a catalog.
    public init(objects: [CatalogObject] = []) {
        self.objects.withLock { $0 = objects }
    }

    /// Replaces the snapshot.
    public func update(_ objects: [CatalogObject]) {
        self.objects.withLock { $0 = objects }
    }

    /// Reads `backend`'s catalog into the snapshot; keeps the old one when that fails.
    public func refresh(from backend: any Backend) async {
        if let catalog = try? await backend.catalog() { update(catalog.objects) }
    }

    /// Every table, view or collection in the snapshot.
    public var all: [CatalogObject] { objects.value }

    /// The object called `name` (case-insensitive).
    public func object(named name: String) -> CatalogObject? {
        Catalog(objects: all).object(named: name)
    }
}
