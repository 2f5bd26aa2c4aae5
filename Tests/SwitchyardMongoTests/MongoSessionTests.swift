import Switchyard
import SwitchyardMongo
import Testing

/// `withSession`: a task's statements run on the adapter's worker threads, calling libmongoc directly.
@Suite(.enabled(if: MongoTestServer.available, MongoTestServer.missingReason), .timeLimit(.minutes(2)))
struct MongoSessionTests {
    static func open(workers: Int) throws -> MongoBackend {
        try MongoBackend.open(
            BackendConfiguration(name: "docs", url: BackendURL(MongoTestServer.requireURL()), settings: ["workers": "\(workers)"]))
    }

    @Test func writesReadsAndAMultiBatchCursorWorkInsideASession() async throws {
        let backend = try Self.open(workers: 2)
        let c = MongoTestServer.uniqueName("session")
        let orchestrator = Orchestrator(backends: BackendRegistry([backend]), processors: [RowLimitProcessor(limit: 10_000)])
        let (ids, counted) = try await backend.withSession {
            let documents = (0..<1_500).map { "{_id: \($0), n: \($0 % 7)}" }.joined(separator: ",")
            _ = try await backend.query(Statement("db.\(c).insertMany([\(documents)])", language: .mongo)).collect()
            // More documents than one batch: later batches are fetched from inside the session too.
            var ids: [Value] = []
            for try await row in try await backend.query(Statement("db.\(c).find().sort({_id: 1})", language: .mongo)) {
                ids.append(row["_id"] ?? .null)
            }
            let counted = try await orchestrator.run(QueryRequest(Statement("db.\(c).countDocuments({n: 3})", language: .mongo))).rows.collect()
            return (ids, counted)
        }
        #expect(ids == (0..<1_500).map { Value.int(Int64($0)) })
        #expect(counted.first?.values.first == .int(214))
        _ = try await backend.query(Statement("db.\(c).drop()", language: .mongo)).collect()
        await backend.shutdown()
    }

    @Test func moreSessionsThanWorkersAllFinish() async throws {
        // Eight tasks on two workers: a session's task gives its worker up whenever it waits.
        let backend = try Self.open(workers: 2)
        let c = MongoTestServer.uniqueName("sessions")
        _ = try await backend.query(Statement("db.\(c).insertOne({_id: 0, hits: 0})", language: .mongo)).collect()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await backend.withSession {
                        for _ in 0..<10 {
                            _ = try await backend.query(
                                Statement("db.\(c).updateOne({_id: 0}, {$inc: {hits: 1}})", language: .mongo)).collect()
                            try await Task.sleep(for: .milliseconds(1))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let hits = try await backend.query(Statement("db.\(c).findOne({_id: 0})", language: .mongo)).collect().first?["hits"]
        #expect(hits == .int(80))
        _ = try await backend.query(Statement("db.\(c).drop()", language: .mongo)).collect()
        await backend.shutdown()
    }

    @Test func anErrorInsideASessionIsRethrownAndTheBackendGoesOn() async throws {
        let backend = try Self.open(workers: 1)
        do {
            try await backend.withSession {
                _ = try await backend.query(Statement("db.x.find({$bogus: 1})", language: .mongo)).collect()
            }
            Issue.record("the error was not rethrown")
        } catch let error as SwitchyardError {
            #expect(error.backend == "docs")
        }
        let pong = try await backend.query(Statement("db.runCommand({ping: 1})", language: .mongo)).collect()
        #expect(pong.first?["ok"] == .double(1) || pong.first?["ok"] == .int(1))
        await backend.shutdown()
    }
}
