/// The language a statement is written in.
///
/// A struct rather than an enum so an adapter can introduce a language without
/// the core changing: `extension QueryLanguage { static let cypher = QueryLanguage("cypher") }`.
public struct QueryLanguage: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The language's identifier (`sql`, `mongo`); two languages are equal when their names are.
    public let name: String
    /// Names a language; adapters declare theirs once as a static constant.
    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { self.name = value }
    public var description: String { name }

    /// SQL, in the dialect of the backend that runs it.
    public static let sql = QueryLanguage("sql")
    /// MongoDB shell syntax (`db.items.find({...})`).
    public static let mongo = QueryLanguage("mongo")
}
