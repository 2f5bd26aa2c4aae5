/// The measured figures of one path of one workload (medians over the rounds).
struct PathResult: Codable, Sendable {
    var name: String
    var isReference: Bool
    /// Operations per second, median over the rounds.
    var throughput: Double
    /// Median over the rounds of (this path's throughput ÷ the round's reference throughput).
    var ratio: Double?
    /// Client CPU time (whole process) per operation, in microseconds, median over the rounds.
    var cpuMicrosecondsPerOperation: Double
    var p50Microseconds: Double?
    var p99Microseconds: Double?
    /// Peak resident memory (the memory workload).
    var peakResidentMegabytes: Double?
    var target: Double?
    /// Whether the target was met; nil when the issue sets none for this path.
    var targetMet: Bool?
}

/// One workload's outcome: every path, with the rounds that produced it.
struct WorkloadResult: Codable, Sendable {
    var id: String
    var title: String
    var backend: String
    var operationName: String
    var rounds: Int
    var referenceRule: Workload.ReferenceRule
    var paths: [PathResult]
    var notes: [String]
}
