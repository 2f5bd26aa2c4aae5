/// Consistent hashing with virtual nodes: maps keys onto backends so that adding or
/// removing one backend moves only about 1/N of the keys.
///
/// The hash is FNV-1a with a 64-bit finalizer, not Swift's `Hasher`, because shard
/// placement must be the same in every process and across restarts.
public struct ConsistentHashRing: Sendable, Hashable {
    /// The backends on the ring, in the order given.
    public let backends: [String]
    /// Points each backend has on the ring; more spread keys more evenly.
    public let virtualNodes: Int
    /// Sorted (point, backend index) pairs around the ring.
    private let points: [(UInt64, Int)]

    /// Builds the ring; `virtualNodes` below 1 counts as 1. The same backends and count give the same
    /// placement in every process.
    public init(backends: [String], virtualNodes: Int = 160) {
        self.backends = backends
        self.virtualNodes = max(1, virtualNodes)
        var points: [(UInt64, Int)] = []
        for (index, backend) in backends.enumerated() {
            for node in 0..<self.virtualNodes {
                points.append((Self.hash("\(backend)#\(node)"), index))
            }
        }
        self.points = points.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
    }

    /// The backend that owns `key`: the first virtual node clockwise from the key's hash.
    public func backend(for key: String) -> String? {
        guard !points.isEmpty else { return nil }
        let h = Self.hash(key)
        var low = 0
        var high = points.count
        while low < high {
            let mid = (low + high) / 2
            if points[mid].0 < h { low = mid + 1 } else { high = mid }
        }
        return backends[points[low == points.count ? 0 : low].1]
    }

    /// The ring's hash of `text` (of its UTF-8 bytes): the same in every process and on every platform.
    public static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h &*= 0x100_0000_01b3
        }
        // splitmix64's finalizer spreads FNV's clustered outputs over the ring.
        h ^= h >> 30
        h &*= 0xbf58_476d_1ce4_e5b9
        h ^= h >> 27
        h &*= 0x94d0_49bb_1331_11eb
        h ^= h >> 31
        return h
    }

    public static func == (a: Self, b: Self) -> Bool { a.backends == b.backends && a.virtualNodes == b.virtualNodes }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(backends)
        hasher.combine(virtualNodes)
    }
}
