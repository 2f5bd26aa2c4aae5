/// What a backend holds: its tables, views or collections and their columns or fields.
public struct Catalog: Sendable, Hashable {
    /// The tables, views and collections, in the order the backend listed them.
    public var objects: [CatalogObject]
    /// Every schema the backend reports, those holding no table or view included (the
    /// REPL's `\dn` lists them); empty for backends without schemas.
    public var schemas: [String]

    /// Creates a catalog; `schemas` stays empty for backends without schemas.
    public init(objects: [CatalogObject], schemas: [String] = []) {
        self.objects = objects
        self.schemas = schemas
    }

    /// The object called `name` (case-insensitive; `schema.name` also matches).
    public func object(named name: String) -> CatalogObject? {
        let lower = name.lowercased()
        return objects.first { $0.name.lowercased() == lower }
            ?? objects.first { $0.qualifiedName.lowercased() == lower }
    }
}

/// A table, view or collection.
public struct CatalogObject: Sendable, Hashable {
    /// What sort of object it is: a SQL table or view, or a document collection.
    public enum Kind: String, Sendable, Hashable {
        case table, view, collection
    }

    /// The schema it lives in (`public`, `main`); `nil` for backends without schemas.
    public var schema: String?
    /// Its name without the schema.
    public var name: String
    /// Whether it is a table, a view or a collection.
    public var kind: Kind
    /// Its columns in declared order, or for a collection the fields seen in a sample of its documents.
    public var columns: [CatalogColumn]

    /// Creates a catalog entry; adapters make these when reading their catalog.
    public init(schema: String? = nil, name: String, kind: Kind, columns: [CatalogColumn]) {
        self.schema = schema
        self.name = name
        self.kind = kind
        self.columns = columns
    }

    /// `schema.name`, or `name` when there is no schema.
    public var qualifiedName: String { schema.map { "\($0).\(name)" } ?? name }
}

/// A column of a table or a field observed in a collection.
public struct CatalogColumn: Sendable, Hashable {
    /// The column or field name.
    public var name: String
    /// The declared (or observed) type, as the backend names it.
    public var type: String
    /// Whether the column accepts `NULL`; for collections, every field but `_id`.
    public var isNullable: Bool
    /// Whether the column is part of the primary key (for collections: whether it is `_id`).
    public var isPrimaryKey: Bool

    /// Creates a column description; adapters make these when reading their catalog.
    public init(name: String, type: String, isNullable: Bool, isPrimaryKey: Bool) {
        self.name = name
        self.type = type
        self.isNullable = isNullable
        self.isPrimaryKey = isPrimaryKey
    }
}
