/// Runs a workload's paths interleaved — A B C, B C A, C A B … — so drift in the
/// machine's speed hits every path alike, and reports medians: of throughput, of CPU per
/// operation, and of each round's ratio to that round's reference.
struct WorkloadRunner {
    var log: @Sendable (String) -> Void

    private struct Sample {
        var wallSeconds: Double
        var cpuSeconds: Double
        var run: PathRun
        var throughput: Double { wallSeconds > 0 ? Double(run.operations) / wallSeconds : 0 }
    }

    func run(_ workload: Workload) async throws -> WorkloadResult {
        let paths = workload.paths
        var samples = Array(repeating: [Sample](), count: paths.count)
        var notes = workload.note.map { [$0] } ?? []
        for round in 0..<workload.rounds {
            for step in paths.indices {
                let index = (step + round) % paths.count
                let path = paths[index]
                try await path.prepare?()
                let cpuStart = ProcessCPUTime.seconds()
                let wallStart = Nanoseconds.now()
                let run = try await path.run()
                let wall = Double(Nanoseconds.now() - wallStart) / 1e9
                let cpu = ProcessCPUTime.seconds() - cpuStart
                samples[index].append(Sample(wallSeconds: wall, cpuSeconds: cpu, run: run))
            }
            log("  \(workload.id) \(workload.backend) round \(round + 1)/\(workload.rounds)")
        }
        if workload.checksumsMustAgree, let disagreement = checksumDisagreement(paths, samples) {
            notes.append(disagreement)
        }
        let references = paths.indices.filter { paths[$0].isReference }
        let referenceThroughput = (0..<workload.rounds).map { round -> Double in
            let values = references.map { samples[$0][round].throughput }
            return (workload.referenceRule == .best ? values.max() : values.min()) ?? 0
        }
        let results = paths.indices.map { index -> PathResult in
            let path = paths[index]
            let own = samples[index]
            let ratios = own.indices.map { round in
                referenceThroughput[round] > 0 ? own[round].throughput / referenceThroughput[round] : 0
            }
            let ratio = references.isEmpty || (path.isReference && references.count == 1) ? nil : Statistics.median(ratios)
            let latencies = own.flatMap(\.run.latenciesNanoseconds)
            let cpu = own.map { $0.run.operations > 0 ? $0.cpuSeconds / Double($0.run.operations) * 1e6 : 0 }
            return PathResult(
                name: path.name, isReference: path.isReference, throughput: Statistics.median(own.map(\.throughput)),
                ratio: ratio, cpuMicrosecondsPerOperation: Statistics.median(cpu),
                p50Microseconds: latencies.isEmpty ? nil : Statistics.percentile(latencies, 0.50) / 1000,
                p99Microseconds: latencies.isEmpty ? nil : Statistics.percentile(latencies, 0.99) / 1000,
                target: path.target, targetMet: ratio.flatMap { ratio in path.target.map { ratio >= $0 } })
        }
        return WorkloadResult(
            id: workload.id, title: workload.title, backend: workload.backend, operationName: workload.operationName,
            rounds: workload.rounds, referenceRule: workload.referenceRule, paths: results, notes: notes)
    }

    /// How a note saying that paths read different data begins (`--check` looks for it).
    static let disagreementNote = "WARNING: paths disagree on what they read"

    /// A note when paths read different data in the same round (a path reading nothing would look fast).
    private func checksumDisagreement(_ paths: [BenchPath], _ samples: [[Sample]]) -> String? {
        for round in samples[0].indices {
            let sums = paths.indices.map { (paths[$0].name, samples[$0][round].run.checksum, samples[$0][round].run.operations) }
            if Set(sums.map { "\($0.1)/\($0.2)" }).count > 1 {
                return Self.disagreementNote + " in round \(round + 1): "
                    + sums.map { "\($0.0) checksum \($0.1) over \($0.2) ops" }.joined(separator: "; ")
            }
        }
        return nil
    }
}
