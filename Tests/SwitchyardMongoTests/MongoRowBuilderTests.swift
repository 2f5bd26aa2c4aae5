import CMongoC
import Switchyard
import SwitchyardTestSupport
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
        // The shapes seen lately are kept process-wide (a few of them), and the suites running
        // in parallel read others meanwhile: a pair read back to back shares its columns unless
        // eight other shapes came in between, so one of a few tries must.
        var shared = false
        for _ in 0..<5 where !shared {
            let first = try #require(builder.rows([["_id": 1, "v": "a"]]).first)
            let second = try #require(builder.rows([["_id": 2, "v": "b"]]).first)
            shared = first.columns === second.columns
        }
        #expect(shared)
        let first = try #require(builder.rows([["_id": 1, "v": "a"]]).first)
        let other = try #require(builder.rows([["_id": 3, "w": "c"]]).first)
        #expect(first.columns !== other.columns)
        #expect(other.columns.index(of: "w") == 1)
    }

    /// Reads `documents` as a cursor would hand them out (one libbson buffer at a time, each
    /// destroyed before the next is made) through ``MongoRowBuilder/rows(limit:reader:next:)``,
    /// and through the document path it replaces: every document decoded, then ``MongoRowBuilder/rows(_:)``.
    private func bothWays(_ documents: [Document], limit: Int = 256, builder: MongoRowBuilder? = nil) throws -> (streamed: [Row], whole: [Row], handedOut: Int) {
        let builder = builder ?? self.builder
        let reader = BSONReader()
        var handedOut = 0
        var current: OpaquePointer?
        var decoded: [Document] = []
        defer { if let current { bson_destroy(current) } }
        let encoded = try documents.map { try BSONWriter.makeBSON($0) }
        defer { encoded.forEach { bson_destroy($0) } }
        let streamed = builder.rows(limit: limit, reservingRows: 2, reader: reader) {
            guard handedOut < encoded.count else { return nil }
            // A copy per document, freed when the next is asked for, as libmongoc reuses its reply buffer.
            if let current { bson_destroy(current) }
            current = bson_copy(encoded[handedOut])
            handedOut += 1
            return current
        }
        for bson in encoded.prefix(limit) { decoded.append(reader.document(bson)) }
        return (streamed, builder.rows(decoded), handedOut)
    }

    private func expectSame(_ result: (streamed: [Row], whole: [Row], handedOut: Int), sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.streamed.map(\.columns.names) == result.whole.map(\.columns.names), sourceLocation: sourceLocation)
        #expect(result.streamed.map(\.values) == result.whole.map(\.values), sourceLocation: sourceLocation)
    }

    @Test func documentsReadStraightFromTheirBuffersGiveTheRowsTheDocumentPathGives() throws {
        let nested: Value = .document(["x": 1, "y": .array([1, "two", .null])])
        let batches: [[Document]] = [
            [],
            [["_id": 1, "name": "Ann", "age": 30, "score": 1.5], ["_id": 2, "name": "Bo", "age": 41, "score": 2.5]],
            // A field more, a field fewer, the same names in another order, midway.
            [["_id": 1, "a": 1], ["_id": 2, "a": 2], ["_id": 3, "a": 3, "b": nested], ["_id": 4]],
            [["_id": 1, "a": 1, "b": 2], ["_id": 2, "b": 3, "a": 4], ["_id": 3, "a": 5, "b": 6]],
            // `_id` later, or missing, or only later in the second document.
            [["name": "Ann", "_id": 1], ["name": "Bo", "_id": 2]],
            [["name": "Ann"], ["name": "Bo"]],
            [["_id": 1, "name": "Ann"], ["name": "Bo", "_id": 2]],
            // A name twice in one document; a key that is a prefix of another; a non-ASCII key.
            [Document([.init("_id", 1), .init("a", 2), .init("a", 3)])],
            [["_id": 1, "ab": 1], ["_id": 2, "a": 2], ["_id": 3, "abc": 3]],
            [["_id": 1, "größe": 1], ["_id": 2, "grösse": 2]],
            [["_id": 1, "nested": nested], ["_id": 2, "nested": .null]],
        ]
        for documents in batches { expectSame(try bothWays(documents)) }
    }

    @Test func aProjectionFixesTheColumnsWhateverTheDocumentsHold() throws {
        let builder = MongoRowBuilder(fixedColumns: ["_id", "name", "age"])
        expectSame(try bothWays([["_id": 1, "name": "Ann", "age": 30], ["_id": 2, "name": "Bo", "age": 41]], builder: builder))
        let mixed = try bothWays([["_id": 1, "name": "Ann", "age": 30], ["_id": 2, "age": 41], ["name": "Cy", "_id": 3]], builder: builder)
        expectSame(mixed)
        #expect(mixed.streamed.map(\.values) == [[1, "Ann", 30], [2, .null, 41], [3, "Cy", .null]])
    }

    @Test func aBatchStopsAtItsLimitAndAsksForNoDocumentMore() throws {
        let documents: [Document] = (1...10).map { ["_id": .int(Int64($0)), "v": .text("v\($0)")] }
        let uniform = try bothWays(documents, limit: 4)
        expectSame(uniform)
        #expect(uniform.streamed.count == 4)
        #expect(uniform.handedOut == 4)
        // A document of another shape before the limit: the rest up to the limit read as documents.
        var mixed = documents
        mixed[2] = ["_id": 3, "w": 3]
        let shifted = try bothWays(mixed, limit: 6)
        expectSame(shifted)
        #expect(shifted.streamed.map { $0["_id"] } == (1...6).map { Value.int(Int64($0)) })
        #expect(shifted.handedOut == 6)
    }

    @Test func aLookupMatchesTheLastShapeOnlyWithExactlyItsFields() throws {
        // Each result's first document is tried against the shape read last (unless another
        // suite read one in between): a field more, a field fewer, another order or `_id` later
        // must each get their own columns.
        let results: [[Document]] = [
            [["_id": 1, "v": "a"]], [["_id": 2, "v": "b"]], [["_id": 3, "v": "c", "w": 1]], [["_id": 4, "v": "d"]],
            [["_id": 5]], [["v": "f", "_id": 6]], [["v": "g", "_id": 7]], [["_id": 8, "v": "h"], ["_id": 9, "w": 2]],
        ]
        for documents in results {
            let result = try bothWays(documents)
            expectSame(result)
            #expect(result.streamed.first?.columns.names.first == "_id")
        }
    }

    @Test func stackStorageIsAlignedAsLibbsonDeclaresAndHoldsDeepDocuments() throws {
        #expect(try BSONWriter.withBSONStorage { Int(bitPattern: $0) % 128 } == 0)
        // Each level of nesting is a child document in its own stack storage.
        var nested: Value = .array([1, "end"])
        for depth in 0..<40 { nested = .document(["depth": .int(Int64(depth)), "inner": nested]) }
        let document: Document = ["_id": 1, "nested": nested]
        let read = try BSONWriter.withBSON(document) { BSONReader().document($0) }
        #expect(read == document)
    }

    @Test func randomShapesGiveTheSameRowsBothWays() throws {
        var generator = SeededGenerator(state: 0x5EED)
        let names = ["_id", "a", "b", "ab", "name"]
        for _ in 0..<300 {
            let count = Int.random(in: 1...6, using: &generator)
            var documents: [Document] = []
            var shape = names.shuffled(using: &generator).prefix(Int.random(in: 0...4, using: &generator))
            for index in 0..<count {
                if Int.random(in: 0..<4, using: &generator) == 0 {
                    shape = names.shuffled(using: &generator).prefix(Int.random(in: 0...4, using: &generator))
                }
                documents.append(Document(shape.map { Document.Field($0, .int(Int64(index))) }))
            }
            expectSame(try bothWays(documents, limit: Int.random(in: 1...7, using: &generator)))
        }
    }
}
