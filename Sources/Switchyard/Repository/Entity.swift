/// A type a ``Repository`` stores: `Codable`, identified, and named after its table
/// or collection.
///
/// Fields map to columns by their coding keys, so `CodingKeys` renames a column
/// and the entity's encode/decode methods are the only mapping there is — no
/// reflection at run time.
///
/// ```swift
/// struct User: Entity {
///     static let storageName = "users"
///     var id: Int
///     var name: String
///     var age: Int?
/// }
/// ```
public protocol Entity: Codable, Sendable, Identifiable where ID: ValueConvertible & Codable {
    /// The table or collection that holds these entities.
    static var storageName: String { get }
    /// The field holding the identifier; `"id"` unless overridden.
    static var idField: String { get }
}

extension Entity {
    public static var idField: String { "id" }
}
