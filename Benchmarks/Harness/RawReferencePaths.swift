import Switchyard
import SwitchyardBenchReference

extension BenchPath {
    /// A raw C full scan run `repeats` times on a reference thread: rows and checksums summed,
    /// the C function's error thrown with `label`. The same shape on every backend.
    static func rawScan(
        _ name: String = "raw C", repeats: Int, label: String,
        _ scan: @escaping @Sendable (UnsafeMutablePointer<Int64>, UnsafeMutablePointer<Int64>, UnsafeMutablePointer<sy_error>) -> Int32
    ) -> BenchPath {
        BenchPath(name: name, isReference: true) {
            try await ReferenceThread.run {
                var rows: Int64 = 0
                var checksum: Int64 = 0
                var error = sy_error()
                var total: Int64 = 0
                var sum: Int64 = 0
                for _ in 0..<repeats {
                    try BenchError.check(scan(&rows, &checksum, &error), error, label)
                    total += rows
                    sum &+= checksum
                }
                return PathRun(operations: Int(total), checksum: sum)
            }
        }
    }
}

extension BenchPath {
    /// Raw C point lookups of `ids` on a reference thread, with each lookup's latency.
    static func rawLookups(
        ids: [Int64], label: String,
        _ lookups: @escaping @Sendable (
            UnsafePointer<Int64>, Int32, UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<Int64>, UnsafeMutablePointer<sy_error>
        ) -> Int32
    ) -> BenchPath {
        BenchPath(name: "raw C", isReference: true) {
            try await ReferenceThread.run {
                var latencies = [UInt64](repeating: 0, count: ids.count)
                var checksum: Int64 = 0
                var error = sy_error()
                try BenchError.check(lookups(ids, Int32(ids.count), &latencies, &checksum, &error), error, label)
                return PathRun(operations: ids.count, checksum: checksum, latenciesNanoseconds: latencies)
            }
        }
    }
}
