import Foundation
import Switchyard
import SwitchyardSQLite
import Testing

/// Opens one SQLite file backend per name in a fresh directory, each with an `orders`
/// table holding the given rows, runs `body` with a registry of them, then shuts all down.
func withOrderShards<T>(
    _ rowsByBackend: KeyValuePairs<String, [(id: Int, region: String, amount: Int)]>,
    _ body: (BackendRegistry) async throws -> T
) async throws -> T {
    let directory = try SQLiteScratchDirectory()
    defer { directory.remove() }
    let registry = BackendRegistry()
    do {
        for (name, rows) in rowsByBackend {
            let backend = try await SQLiteBackend.open(name: name, url: directory.url("\(name).db"))
            try registry.add(backend)
            try await backend.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, region TEXT NOT NULL, amount INTEGER NOT NULL)")
            for row in rows {
                try await backend.execute("INSERT INTO orders VALUES (?, ?, ?)", [.int(Int64(row.id)), .text(row.region), .int(Int64(row.amount))])
            }
        }
        let result = try await body(registry)
        await registry.shutdownAll()
        return result
    } catch {
        await registry.shutdownAll()
        throw error
    }
}

/// Three shards of orders: ids interleave across them so a merge has work to do.
let interleavedOrders: KeyValuePairs<String, [(id: Int, region: String, amount: Int)]> = [
    "eu": [(1, "north", 10), (4, "south", 40), (7, "north", 70)],
    "us": [(2, "north", 20), (5, "south", 50), (8, "west", 80)],
    "asia": [(3, "south", 30), (6, "north", 60), (9, "west", 90)],
]
