import Switchyard

/// The entity the repository checks store: a key, a required text field and two
/// optional ones, so null handling shows in every predicate.
struct ConformancePerson: Entity, Hashable {
    static let storageName = "conformance_people"

    var id: Int
    var name: String
    var age: Int?
    var nick: String?

    static let columns = [
        ConformanceColumn("id", .int, isPrimaryKey: true), ConformanceColumn("name", .text), ConformanceColumn("age", .int),
        ConformanceColumn("nick", .text),
    ]

    /// The rows every predicate check runs against. Case, `%`, `_` and nulls are
    /// placed so that each predicate form selects a different set.
    static let people = [
        ConformancePerson(id: 1, name: "Ada", age: 36, nick: "ada"),
        ConformancePerson(id: 2, name: "alan", age: 41, nick: nil),
        ConformancePerson(id: 3, name: "Grace", age: nil, nick: "amazing grace"),
        ConformancePerson(id: 4, name: "Linus", age: 28, nick: "100%"),
        ConformancePerson(id: 5, name: "Barbara", age: 36, nick: "b_b"),
        ConformancePerson(id: 6, name: "Edsger", age: 72, nick: nil),
        ConformancePerson(id: 7, name: "ADA", age: nil, nick: "x%y"),
        ConformancePerson(id: 8, name: "Ken", age: 28, nick: "ken_"),
    ]
}

/// An ``EntityStore`` that sends one entity's operations to a differently named table.
///
/// `Entity.storageName` is static, but each check needs its own table so checks can
/// run in parallel; the repository under test is unchanged, only the name it asks for
/// is swapped on the way to the backend's own store.
struct RenamingEntityStore: EntityStore {
    let base: any EntityStore
    let storageName: String
    let table: String

    private func rename(_ name: String) -> String { name == storageName ? table : name }

    func fetch(_ query: EntityQuery) async throws -> ResultSet {
        var query = query
        query.storageName = rename(query.storageName)
        return try await base.fetch(query)
    }

    func count(in storageName: String, where predicate: Predicate) async throws -> Int {
        try await base.count(in: rename(storageName), where: predicate)
    }

    func upsert(into storageName: String, keyField: String, document: Document) async throws {
        try await base.upsert(into: rename(storageName), keyField: keyField, document: document)
    }

    func delete(from storageName: String, where predicate: Predicate) async throws -> Int {
        try await base.delete(from: rename(storageName), where: predicate)
    }
}
