import Switchyard
import SwitchyardSQLite
import Testing

/// A repository's `SELECT`s are written once per shape (``SQLEntityStore/TextCache``) and bound
/// anew each time: queries that differ only in their values must each get their own rows.
@Suite("SQLite repository statements kept by shape")
struct SQLiteRepositoryTextTests {
    private func withPets(_ body: (BackendRepository<Pet>, SQLEntityStore.TextCache) async throws -> Void) async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let texts = SQLEntityStore.TextCache()
            let pets = try await petRepository(
                on: backend, holding: [(1, "Rex", "ana"), (2, "Tom", nil), (3, "Kit", "bo"), (4, "Ace", "ana")], texts: texts)
            try await body(pets, texts)
        }
    }

    @Test func lookupsByKeyShareOneTextAndEachFindsItsOwnRow() async throws {
        try await withPets { pets, texts async throws in
            for id: Int64 in [3, 1, 4, 2, 9] {
                #expect(try await pets.find(id: id)?.id == (id == 9 ? nil : id))
            }
            #expect(texts.count == 1)
        }
    }

    @Test func aNullComparedForEqualityIsAnotherShape() async throws {
        try await withPets { pets, texts async throws in
            #expect(try await pets.find(where: Field("owner") == "ana", orderBy: [Field("id").ascending]).map(\.id) == [1, 4])
            #expect(try await pets.find(where: .compare(field: "owner", .equal, .null)).map(\.id) == [2])
            #expect(try await pets.find(where: Field("owner") == "bo").map(\.id) == [3])
            #expect(texts.count == 3, "ordered, plain, and plain with a null: three shapes")
        }
    }

    @Test func listsOfOtherLengthsAndNestedLogicBindInOrder() async throws {
        try await withPets { pets, _ async throws in
            let ordered = [Field("id").ascending]
            #expect(try await pets.find(where: Field("id").isIn([1, 3]), orderBy: ordered).map(\.id) == [1, 3])
            #expect(try await pets.find(where: Field("id").isIn([2, 3, 4]), orderBy: ordered).map(\.id) == [2, 3, 4])
            #expect(try await pets.find(where: Field("id").isIn([4, 1]), orderBy: ordered).map(\.id) == [1, 4])
            let either = { (a: String, b: Int64) in (Field("owner") == a || Field("id") == b) && !(Field("name") == "Tom") }
            #expect(try await pets.find(where: either("ana", 3), orderBy: ordered).map(\.id) == [1, 3, 4])
            #expect(try await pets.find(where: either("bo", 2), orderBy: ordered).map(\.id) == [3])
        }
    }

    @Test func patternsAreWrittenEachTimeAndStillMatch() async throws {
        try await withPets { pets, texts async throws in
            #expect(try await pets.find(where: Field("name").like("R%")).map(\.id) == [1])
            #expect(try await pets.find(where: Field("name").like("%T")).map(\.id) == [], "case-sensitive")
            #expect(try await pets.find(where: Field("name").like("%T", caseInsensitive: true)).map(\.id) == [3])
            #expect(texts.count == 0)
        }
    }

    @Test func pastItsCapacityTheCacheStartsAgainAndQueriesStayRight() async throws {
        try await withPets { pets, texts async throws in
            // Each offset is a shape of its own.
            for offset in 0..<(SQLEntityStore.TextCache.capacity + 10) {
                let found = try await pets.find(where: .all, orderBy: [Field("id").ascending], page: Page(limit: 1, offset: offset % 5))
                #expect(found.map(\.id) == (offset % 5 < 4 ? [Int64(offset % 5 + 1)] : []))
                _ = try await pets.find(where: Field("id") == Int64(offset), orderBy: [], page: Page(limit: 1, offset: offset))
            }
            #expect(texts.count <= SQLEntityStore.TextCache.capacity)
            #expect(texts.count > 0)
        }
    }
}
