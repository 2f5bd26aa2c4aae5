import Switchyard
import SwitchyardSQLite
import Testing

/// `Field(...) == nil` and `!= nil` select, on a real SQLite file, the rows whose column is
/// null and those that hold a value.
@Suite("SQLite repository: == nil and != nil")
struct SQLiteRepositoryNilTests {
    private func withPets(_ body: (BackendRepository<Pet>) async throws -> Void) async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await body(petRepository(on: backend, holding: [(1, "Rex", "ana"), (2, "Tom", nil), (3, "Kit", "bo"), (4, "Ace", nil)]))
        }
    }

    @Test func equalToNilFindsTheRowsWithoutAValue() async throws {
        try await withPets { pets async throws in
            #expect(try await pets.find(where: Field("owner") == nil, orderBy: [Field("id").ascending]).map(\.id) == [2, 4])
            #expect(try await pets.count(where: Field("owner") == nil) == 2)
        }
    }

    @Test func notEqualToNilFindsTheRowsWithAValue() async throws {
        try await withPets { pets async throws in
            #expect(try await pets.find(where: Field("owner") != nil, orderBy: [Field("id").ascending]).map(\.id) == [1, 3])
            #expect(try await pets.count(where: Field("owner") != nil) == 2)
        }
    }

    @Test func nilTestsCombineWithOtherConditions() async throws {
        try await withPets { pets async throws in
            let predicate = Field("owner") == nil && Field("name").like("T%") || Field("owner") != nil && Field("id") > 1
            #expect(try await pets.find(where: predicate, orderBy: [Field("id").ascending]).map(\.id) == [2, 3])
        }
    }
}
