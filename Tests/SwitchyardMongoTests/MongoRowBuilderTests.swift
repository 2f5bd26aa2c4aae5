import Switchyard
@testable import SwitchyardMongo
import Testing

/// Documents to rows: which columns a batch gets, and where each field lands.
struct MongoRowBuilderTests {
    private let builder = MongoRowBuilder(fixedColumns: nil)

    @Test func documentsOfOneShapeKeepTheirFieldOrder() {
        let rows = builder.rows([
            ["_id": 1, "name": "Ann", "age": 30],
            ["_id": 2, "name": "Bo", "age": 41],
        ])
        #expect(rows.first?.columns.names == ["_id", "name", "age"])
        #expect(rows.map(\.values) == [[1, "Ann", 30], [2, "Bo", 41]])
    }

    @Test func differentShapesGetTheUnionWithIDFirstAndNullsForMissingFields() {
        let rows = builder.rows([
            ["name": "Ann", "_id": 1],
            ["_id": 2, "age": 41],
            ["note": "x", "name": "Cy", "_id": 3],
        ])
        #expect(rows.first?.columns.names == ["_id", "name", "age", "note"])
        #expect(rows.map(\.values) == [[1, "Ann", .null, .null], [2, .null, 41, .null], [3, "Cy", .null, "x"]])
    }

    @Test func aDocumentWithIDLaterStillPutsItFirst() {
        let rows = builder.rows([["name": "Ann", "_id": 1]])
        #expect(rows.first?.columns.names == ["_id", "name"])
        #expect(rows.first?.values == [1, "Ann"])
    }

    @Test func aFieldNamedTwiceIsOneColumn() {
        // BSON allows a name twice in a document; the first occurrence's column is kept once.
        let rows = builder.rows([Document([.init("_id", 1), .init("a", 2), .init("a", 3)])])
        #expect(rows.first?.columns.names == ["_id", "a"])
    }

    @Test func resultsOfTheSameShapeShareTheirColumns() throws {
        let first = try #require(builder.rows([["_id": 1, "v": "a"]]).first)
        let second = try #require(builder.rows([["_id": 2, "v": "b"]]).first)
        let other = try #require(builder.rows([["_id": 3, "w": "c"]]).first)
        #expect(first.columns === second.columns)
        #expect(first.columns !== other.columns)
        #expect(other.columns.index(of: "w") == 1)
    }
}
