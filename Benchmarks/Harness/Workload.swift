/// What one run of a path did: how many operations, a checksum of what it read (so the
/// paths can be checked against each other), and per-operation latencies where measured.
struct PathRun: Sendable {
    var operations: Int
    var checksum: Int64 = 0
    var latenciesNanoseconds: [UInt64] = []
}

/// One way of doing a workload's work: the raw C reference, or one of Switchyard's layers.
struct BenchPath: Sendable {
    var name: String
    /// Whether this path is (one of) the reference the others are divided by.
    var isReference = false
    /// The least ratio to the reference this path must reach, when the issue sets one.
    var target: Double?
    /// Untimed set-up before every run (emptying a table before an insert).
    var prepare: (@Sendable () async throws -> Void)?
    var run: @Sendable () async throws -> PathRun
}

/// One workload on one backend: its paths are run interleaved, round after round.
struct Workload: Sendable {
    /// How the reference of a round is chosen when several paths are references.
    enum ReferenceRule: String, Sendable, Codable {
        /// The fastest reference (raw C's best method).
        case best
        /// The slowest reference (the slowest single leg of a fan-out).
        case slowest
    }

    var id: String
    var title: String
    var backend: String
    /// What one operation is, for the throughput's unit (`ops`, `rows`, `requests`).
    var operationName: String
    var rounds: Int
    var referenceRule: ReferenceRule = .best
    /// Whether paths must agree on their checksum (false when they read different data).
    var checksumsMustAgree = true
    var paths: [BenchPath]
    var note: String?
}

/// A backend's workloads over data it loaded, and the connections to close afterwards.
protocol BenchSuite {
    func workloads() throws -> [Workload]
    func shutdown() async
}
