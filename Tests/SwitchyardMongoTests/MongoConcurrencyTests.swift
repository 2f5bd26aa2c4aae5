import Foundation
import Switchyard
import SwitchyardMongo
import Testing

@Suite(.enabled(if: MongoTestServer.available, MongoTestServer.missingReason), .timeLimit(.minutes(2)))
struct MongoConcurrencyTests {
    @Test func manyTasksShareThePoolAndEachSeesItsOwnDocuments() async throws {
        let backend = try MongoTestServer.backend()
        let c = MongoTestServer.uniqueName("shared")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<24 {
                group.addTask {
                    for n in 0..<10 {
                        _ = try await backend.query(Statement(
                            "db.\(c).insertOne({task: $1, n: $2})", [.int(Int64(task)), .int(Int64(n))], language: .mongo)).collect()
                    }
                    let rows = try await backend.query(Statement(
                        "db.\(c).find({task: $1}, {_id: 0, n: 1}).sort({n: 1})", [.int(Int64(task))], language: .mongo)).collect()
                    #expect(rows.map { $0["n"] } == (0..<10).map { Value.int(Int64($0)) })
                }
            }
            try await group.waitForAll()
        }
        let total = try await backend.query(Statement("db.\(c).countDocuments()", language: .mongo)).collect()
        #expect(total.first?["count"] == .int(240))
        _ = try await backend.query(Statement("db.\(c).drop()", language: .mongo)).collect()
        await backend.shutdown()
    }

    @Test func openCursorsDoNotBlockOtherStatements() async throws {
        let backend = try MongoTestServer.backend()
        let c = MongoTestServer.uniqueName("cursors")
        let documents = (0..<600).map { "{n: \($0)}" }.joined(separator: ", ")
        _ = try await backend.query(Statement("db.\(c).insertMany([\(documents)])", language: .mongo)).collect()
        // More unfinished results than worker threads: each holds a client, not a thread.
        var open: [ResultSet] = []
        for _ in 0..<12 {
            let result = try await backend.query(Statement("db.\(c).find().sort({n: 1})", language: .mongo))
            var iterator = result.makeAsyncIterator()
            _ = try await iterator.next()
            open.append(result)
        }
        let count = try await backend.query(Statement("db.\(c).countDocuments()", language: .mongo)).collect()
        #expect(count.first?["count"] == .int(600))
        for result in open { result.cancel() }
        _ = try await backend.query(Statement("db.\(c).drop()", language: .mongo)).collect()
        await backend.shutdown()
    }
}
