/// What a backend holds: its tables, views or collections and their columns or fields.
public struct Catalog: Sendable, Hashable {
    public var objects: [CatalogObject]
    /// Every schema the backend reports, those holding no table or view included (the
    /// REPL's `\dn` lists them); empty for backends without schemas.
    public var schemas: [String]

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
    public enum Kind: String, Sendable, Hashable {
        case table, view, collection
    }

    public var schema: String?
    public var name: String
    public var kind: Kind
    public var columns: [CatalogColumn]

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
    public var name: String
    /// The declared (or observed) type, as the backend names it.
    public var type: String
    public var isNullable: Bool
    public var isPrimaryKey: Bool

    public init(name: String, type: String, isNullable: Bool, isPrimaryKey: Bool) {
        self.name = name
        self.type = type
        self.isNullable = isNullable
        self.isPrimaryKey = isPrimaryKey
    }
}
