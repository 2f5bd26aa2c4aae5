import Foundation
import Switchyard
import SwitchyardBenchReference

/// The benchmark's rows as ``Value``s, made by the same C function the reference uses,
/// so every path writes and reads identical data.
enum Items {
    static let columns = ["id", "name", "age", "score", "created"]

    static func values(_ id: Int64) -> [Value] {
        var item = sy_item()
        sy_item_make(id, &item)
        let name = withUnsafeBytes(of: item.name) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        return [
            .int(item.id), .text(name), .int(Int64(item.age)), .double(item.score),
            .timestamp(Timestamp(microsecondsSinceEpoch: item.created_us)),
        ]
    }

    /// Random ids in 1...maxID, the same for every path of a run.
    static func randomIDs(count: Int, maxID: Int, seed: UInt64 = 0x5157_4954_4348) -> [Int64] {
        var state = seed
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return 1 + Int64(state % UInt64(maxID))
        }
    }

    /// What every path adds up for a row it read (id + age), to check paths read alike.
    static func checksum(_ row: Row) -> Int64 {
        guard case .int(let id) = row[0], case .int(let age) = row[2] else { return -1 }
        return id + age
    }
}

/// The entity the repository paths read.
struct Item: Entity {
    static let storageName = "items"
    var id: Int64
    var name: String
    var age: Int
    var score: Double
    var created: Date
}
