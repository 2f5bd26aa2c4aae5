import Foundation
import Switchyard
@testable import SwitchyardMongo
import Testing

/// mongosh statements end to end against the test server.
@Suite(.enabled(if: MongoTestServer.available, MongoTestServer.missingReason), .timeLimit(.minutes(1)))
struct MongoStatementTests {
    private func run(_ backend: MongoBackend, _ text: String, _ bindings: [Value] = []) async throws -> [Row] {
        try await backend.query(Statement(text, bindings, language: .mongo)).collect()
    }

    private func withCollection(_ purpose: String, _ body: (MongoBackend, String) async throws -> Void) async throws {
        let backend = try MongoTestServer.backend()
        let name = MongoTestServer.uniqueName(purpose)
        do {
            try await body(backend, name)
        } catch {
            _ = try? await run(backend, "db.\(name).drop()")
            await backend.shutdown()
            throw error
        }
        _ = try await run(backend, "db.\(name).drop()")
        await backend.shutdown()
    }

    @Test func findFiltersProjectsSortsSkipsAndLimits() async throws {
        try await withCollection("find") { backend, c in
            let inserted = try await backend.query(Statement(
                "db.\(c).insertMany([{_id: 1, name: 'a', age: 25}, {_id: 2, name: 'b', age: 35}, {_id: 3, name: 'c', age: 45}, {_id: 4, name: 'd', age: 55}])",
                language: .mongo)).summary()
            #expect(inserted.rowsAffected == 4)
            let rows = try await run(backend, "db.\(c).find({age: {$gt: 30}}, {name: 1}).sort({age: -1}).skip(1).limit(2).batchSize(1)")
            #expect(rows.map(\.columns.names) == [["_id", "name"], ["_id", "name"]])
            #expect(rows.map { $0["name"] } == [.text("c"), .text("b")])
        }
    }

    @Test func writesReportTheirCountsAndIds() async throws {
        try await withCollection("writes") { backend, c in
            let insert = try await run(backend, "db.\(c).insertOne({_id: 'k1', n: 1})")
            #expect(insert.first?["insertedCount"] == .int(1))
            #expect(insert.first?["insertedIds"] == .array(["k1"]))
            let generated = try await run(backend, "db.\(c).insertOne({n: 2})")
            guard case .array(let ids)? = generated.first?["insertedIds"], case .scalar(let id)? = ids.first else {
                Issue.record("no generated id in \(generated)"); return
            }
            #expect(id.type == "objectId" && id.text.count == 24)

            let update = try await backend.query(Statement("db.\(c).updateMany({n: {$gte: 1}}, {$inc: {n: 10}})", language: .mongo))
            let updateRows = try await update.collect()
            #expect(updateRows.first?["matchedCount"] == .int(2))
            #expect(updateRows.first?["modifiedCount"] == .int(2))
            #expect(update.currentSummary.rowsAffected == 2)

            let upsert = try await run(backend, "db.\(c).updateOne({_id: 'k9'}, {$set: {n: 9}}, {upsert: true})")
            #expect(upsert.first?["upsertedCount"] == .int(1))
            #expect(upsert.first?["upsertedId"] == .text("k9"))

            let replace = try await run(backend, "db.\(c).replaceOne({_id: 'k1'}, {m: 'replaced'})")
            #expect(replace.first?["modifiedCount"] == .int(1))
            let replaced = try await run(backend, "db.\(c).find({_id: $1})", ["k1"])
            #expect(replaced.first?.columns.names == ["_id", "m"])

            let deleteOne = try await run(backend, "db.\(c).deleteOne({n: {$exists: true}})")
            #expect(deleteOne.first?["deletedCount"] == .int(1))
            let deleteMany = try await backend.query(Statement("db.\(c).deleteMany({})", language: .mongo)).summary()
            #expect(deleteMany.rowsAffected == 2)
        }
    }

    @Test func aggregateCountDistinctAndIndexes() async throws {
        try await withCollection("agg") { backend, c in
            _ = try await run(backend, "db.\(c).insertMany([{k: 'x', v: 1}, {k: 'x', v: 2}, {k: 'y', v: 5}])")
            let groups = try await run(backend, "db.\(c).aggregate([{$group: {_id: '$k', total: {$sum: '$v'}}}, {$sort: {_id: 1}}])")
            #expect(groups.map { $0["total"] } == [.int(3), .int(5)])
            #expect(try await run(backend, "db.\(c).countDocuments({k: 'x'})").first?["count"] == .int(2))
            #expect(Set(try await run(backend, "db.\(c).distinct('k')").map { $0["k"] }) == [.text("x"), .text("y")])
            let created = try await run(backend, "db.\(c).createIndex({k: 1, v: -1}, {name: 'k_v'})")
            #expect(created.first?["name"] == .text("k_v"))
            let indexes = try await run(backend, "db.\(c).getIndexes()")
            #expect(indexes.contains { $0["name"] == .text("k_v") })
        }
    }

    @Test func showCollectionsUseAndRunCommand() async throws {
        try await withCollection("show") { backend, c in
            _ = try await run(backend, "db.\(c).insertOne({a: 1})")
            #expect(try await run(backend, "show collections").contains { $0["name"] == .text(c) })
            #expect(try await run(backend, "db.getCollectionNames()").contains { $0["name"] == .text(c) })
            #expect(try await run(backend, "db.runCommand({ping: 1})").first?["ok"].flatMap { Double(value: $0) } == 1)
            #expect(try await !run(backend, "show dbs").isEmpty)

            let original = backend.currentDatabase
            _ = try await run(backend, "use switchyard_other_db")
            #expect(backend.currentDatabase == "switchyard_other_db")
            #expect(try await run(backend, "db.\(c).countDocuments()").first?["count"] == .int(0))
            _ = try await run(backend, "use \(original)")
            #expect(try await run(backend, "db.\(c).countDocuments()").first?["count"] == .int(1))
        }
    }

    @Test func readOnlyOptionRefusesWrites() async throws {
        try await withCollection("ro") { backend, c in
            let readOnly = QueryOptions(readOnly: true)
            let error = try await #require(throws: SwitchyardError.self) {
                _ = try await backend.query(Statement("db.\(c).insertOne({a: 1})", language: .mongo), options: readOnly)
            }
            #expect(error.kind == .readOnly)
            _ = try await backend.query(Statement("db.\(c).find()", language: .mongo), options: readOnly).collect()
            #expect(try await run(backend, "db.\(c).countDocuments()").first?["count"] == .int(0))
        }
    }

    @Test func duplicateKeyIsAConstraintErrorWithTheServerCode() async throws {
        try await withCollection("dup") { backend, c in
            _ = try await run(backend, "db.\(c).insertOne({_id: 1})")
            let error = try await #require(throws: SwitchyardError.self) { _ = try await run(backend, "db.\(c).insertOne({_id: 1})") }
            #expect(error.kind == .constraint)
            #expect(error.code == "11000")
            #expect(error.backend == "docs")
        }
    }

    @Test func aBadURIIsInvalidInputWithoutThePassword() throws {
        let error = try #require(throws: SwitchyardError.self) {
            try MongoBackend.open(name: "bad", url: "mongodb://user:s3cret-pw@host:notaport/db")
        }
        #expect(error.kind == .invalidInput)
        #expect(!error.description.contains("s3cret-pw"))
    }

    @Test func driverServesBothSchemesAndNamesBackendsAfterTheDatabase() throws {
        let driver = MongoDriver()
        #expect(driver.schemes == ["mongodb", "mongodb+srv"])
        #expect(driver.defaultName(for: try BackendURL("mongodb://u:p@h1,h2:27017/shop?replicaSet=rs")) == "shop")
        #expect(driver.defaultName(for: try BackendURL("mongodb://localhost")) == "mongo")
    }
}
