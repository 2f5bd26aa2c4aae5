import CMongoC
import Switchyard
@testable import SwitchyardMongo
import Testing

/// A client keeps its collection handles between commands: each statement must still reach
/// the collection and database it names.
@Suite(.enabled(if: MongoTestServer.available, MongoTestServer.missingReason), .timeLimit(.minutes(1)))
struct MongoCollectionHandleTests {
    private func run(_ backend: MongoBackend, _ text: String) async throws -> [Row] {
        try await backend.query(Statement(text, language: .mongo)).collect()
    }

    /// Writes to more collections than a client keeps handles for, then reads each back, first
    /// to last: the oldest handles have been destroyed and are made again.
    private func checkManyCollections(_ backend: MongoBackend) async throws {
        let base = MongoTestServer.uniqueName("handles")
        let names = (0..<(MongoCollectionHandles.limit + 4)).map { "\(base)_\($0)" }
        do {
            for (index, name) in names.enumerated() { _ = try await run(backend, "db.\(name).insertOne({_id: 1, n: \(index)})") }
            for (index, name) in names.enumerated() {
                #expect(try await run(backend, "db.\(name).find({_id: 1})").map { $0["n"] } == [.int(Int64(index))])
            }
        } catch {
            for name in names { _ = try? await run(backend, "db.\(name).drop()") }
            throw error
        }
        for name in names { _ = try await run(backend, "db.\(name).drop()") }
    }

    /// Runs the check on a backend opened at `url`, shut down afterwards.
    private func checkManyCollections(url: String) async throws {
        let backend = try MongoBackend.open(name: "docs", url: url)
        do {
            try await checkManyCollections(backend)
        } catch {
            await backend.shutdown()
            throw error
        }
        await backend.shutdown()
    }

    @Test func everyCollectionIsReachedPastTheHandlesAClientKeeps() async throws {
        try await checkManyCollections(url: MongoTestServer.requireURL())
    }

    @Test func aPoolWithMinPoolSizeMakesAHandlePerCommand() async throws {
        // libmongoc destroys clients pushed past minPoolSize; kept handles could then outlive them.
        try await checkManyCollections(url: MongoTestServer.requireURL() + "&minPoolSize=1")
    }

    @Test func aHandleIsKeptPerDatabaseAndCollectionAndTheOldestGoesFirst() throws {
        guard let uri = mongoc_uri_new(try MongoTestServer.requireURL()) else {
            Issue.record("libmongoc refused the test URL")
            return
        }
        let pool = try MongoClientPool(uri: uri, appName: "switchyard-tests")
        let (client, kept) = pool.pop()
        let collections = try #require(kept)
        let first = collections.handle(on: client, database: "a", name: "items")
        #expect(first != nil)
        #expect(collections.handle(on: client, database: "a", name: "items") == first)
        let otherDatabase = collections.handle(on: client, database: "b", name: "items")
        #expect(otherDatabase != nil && otherDatabase != first)
        #expect(String(cString: mongoc_collection_get_name(otherDatabase)) == "items")
        for index in 0..<(MongoCollectionHandles.limit - 1) { _ = collections.handle(on: client, database: "a", name: "c\(index)") }
        // 17 asked for, 16 kept: ("a", "items"), the oldest, was destroyed; ("b", "items") is still kept.
        #expect(collections.count == MongoCollectionHandles.limit)
        #expect(collections.handle(on: client, database: "b", name: "items") == otherDatabase)
        #expect(collections.handle(on: client, database: "a", name: "items") != nil)
        #expect(collections.count == MongoCollectionHandles.limit)
        pool.push(client)
        #expect(pool.pop().collections === collections)
        pool.push(client)
        pool.destroy()
    }
}
