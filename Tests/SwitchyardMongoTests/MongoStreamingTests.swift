import Foundation
import Switchyard
import SwitchyardMongo
import Testing

@Suite(.enabled(if: MongoTestServer.available, MongoTestServer.missingReason), .timeLimit(.minutes(2)))
struct MongoStreamingTests {
    /// Resident memory of this process, from /proc (Linux).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
            let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test func aLargeResultStreamsInOrderInBoundedMemory() async throws {
        let backend = try MongoTestServer.backend()
        let c = MongoTestServer.uniqueName("large")
        let total = 60_000
        let padding = String(repeating: "x", count: 200)
        for start in stride(from: 0, to: total, by: 5_000) {
            var bindings: [Value] = []
            let documents = (start..<start + 5_000).map { n -> String in
                bindings.append(.int(Int64(n)))
                return "{_id: $\(bindings.count), pad: '\(padding)'}"
            }
            _ = try await backend.query(Statement("db.\(c).insertMany([\(documents.joined(separator: ","))])", bindings, language: .mongo)).collect()
        }
        let result = try await backend.query(Statement("db.\(c).find().sort({_id: 1})", language: .mongo))
        let before = MongoStreamingTests.residentBytes()
        var peak = before
        var expected: Int64 = 0
        for try await row in result {
            #expect(row["_id"] == .int(expected))
            expected += 1
            if expected % 5_000 == 0 { peak = max(peak, MongoStreamingTests.residentBytes()) }
        }
        #expect(expected == Int64(total))
        #expect(result.currentSummary.rowsReturned == total)
        // Held whole, 60,000 rows of 200-character text would take well over 30 MB.
        #expect(peak - before < 30_000_000, "resident memory grew by \(peak - before) bytes while streaming")
        _ = try await backend.query(Statement("db.\(c).drop()", language: .mongo)).collect()
        await backend.shutdown()
    }
}
