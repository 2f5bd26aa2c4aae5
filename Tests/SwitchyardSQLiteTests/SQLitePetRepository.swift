import Switchyard
import SwitchyardSQLite

/// The entity of the SQLite repository tests; some pets have no owner (a null column).
struct Pet: Entity {
    static let storageName = "pets"
    var id: Int64
    var name: String
    var owner: String?
}

/// Creates the `pets` table on `backend`, saves `pets` in it, and returns the repository,
/// whose statements' texts are kept in `texts`.
func petRepository(
    on backend: SQLiteBackend, holding pets: [(id: Int64, name: String, owner: String?)],
    texts: SQLEntityStore.TextCache = SQLEntityStore.TextCache()
) async throws -> BackendRepository<Pet> {
    try await backend.execute("CREATE TABLE pets (id INTEGER PRIMARY KEY, name TEXT NOT NULL, owner TEXT)")
    let repository = BackendRepository<Pet>(store: SQLEntityStore(dialect: SQLiteDialect(), executor: backend, texts: texts))
    for (id, name, owner) in pets {
        try await repository.save(Pet(id: id, name: name, owner: owner))
    }
    return repository
}
