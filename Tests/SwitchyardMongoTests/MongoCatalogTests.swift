import Switchyard
import SwitchyardMongo
import Testing

@Suite(.enabled(if: MongoTestServer.available, MongoTestServer.missingReason), .timeLimit(.minutes(1)))
struct MongoCatalogTests {
    @Test func fieldsAreInferredFromASampleWithTypesAndPresence() async throws {
        let backend = try MongoTestServer.backend()
        let c = MongoTestServer.uniqueName("catalog")
        _ = try await backend.query(Statement(
            "db.\(c).insertMany([{_id: 1, name: 'a', n: 1}, {_id: 2, name: 'b', n: 'two', extra: true}])", language: .mongo)).collect()
        let fields = try await backend.inferFields(in: c)
        let catalog = try await backend.catalog()
        _ = try await backend.query(Statement("db.\(c).drop()", language: .mongo)).collect()
        await backend.shutdown()

        #expect(fields.map(\.name) == ["_id", "name", "n", "extra"])
        #expect(fields.first { $0.name == "n" }?.typeDescription == "int|string")
        #expect(fields.first { $0.name == "name" }?.isAlwaysPresent == true)
        #expect(fields.first { $0.name == "extra" }?.isAlwaysPresent == false)

        let object = try #require(catalog.object(named: c))
        #expect(object.kind == .collection)
        #expect(object.columns.first?.name == "_id")
        #expect(object.columns.first?.isPrimaryKey == true)
        #expect(object.columns.first { $0.name == "extra" }?.type == "bool")
    }
}
