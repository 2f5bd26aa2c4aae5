import SwitchyardBenchReference

/// Medians and percentiles: robust to the one slow round a noisy machine always has.
enum Statistics {
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The `fraction` percentile (0.99 for p99) by nearest rank.
    static func percentile(_ values: [UInt64], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return Double(sorted[min(max(rank, 0), sorted.count - 1)])
    }
}

/// The monotonic clock the C reference uses too, so both sides time alike.
enum Nanoseconds {
    static func now() -> UInt64 { sy_now_ns() }
}
