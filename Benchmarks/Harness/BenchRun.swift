import Foundation

/// One run: sets up each backend's data, runs its workloads, shuts it down, and gathers
/// the figures into a ``Report``.
struct BenchRun {
    let options: BenchOptions

    func run() async throws -> Report {
        let start = ContinuousClock.now
        var settings = BenchSettings.make(options.mode)
        if let rounds = options.rounds { settings.rounds = rounds }
        let log: @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        let runner = WorkloadRunner(log: log)
        let folder = NSTemporaryDirectory() + "switchyard-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var results: [WorkloadResult] = []
        var skipped: [String] = []

        if options.only.contains("sqlite") {
            log("SQLite: loading \(settings.rows) rows")
            let suite = try await SQLiteSuite(settings: settings, folder: folder)
            results += try await run(suite, runner)
        }

        if options.only.contains("postgres") {
            if let url = options.postgresURL {
                log("PostgreSQL: loading \(settings.rows) rows")
                let suite = try await PostgresSuite(settings: settings, url: url)
                results += try await run(suite, runner)
            } else {
                skipped.append("PostgreSQL (SWITCHYARD_BENCH_POSTGRES_URL is not set; scripts/bench.sh sets it)")
            }
        }

        if options.only.contains("mongo") {
            if let url = options.mongoURL {
                log("MongoDB: loading \(settings.mongoRows) documents")
                let suite = try await MongoSuite(settings: settings, url: url)
                results += try await run(suite, runner)
            } else {
                skipped.append("MongoDB (SWITCHYARD_BENCH_MONGO_URL is not set; scripts/bench.sh sets it)")
            }
        }

        if options.only.contains("fanout") {
            if let postgresURL = options.postgresURL, let mongoURL = options.mongoURL {
                log("Fan-out: loading \(min(settings.rows, settings.mongoRows)) rows into each backend")
                let suite = try await FanOutSuite.open(settings: settings, folder: folder, postgresURL: postgresURL, mongoURL: mongoURL)
                results += try await run(suite, runner)
            } else {
                skipped.append("fan-out (needs SWITCHYARD_BENCH_POSTGRES_URL and SWITCHYARD_BENCH_MONGO_URL)")
            }
        }

        if options.only.contains("memory") {
            log("Memory: streaming \(settings.memoryRows) rows through the table formatter")
            results.append(try await MemoryWorkload.run(settings: settings))
        }

        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return Report(
            mode: settings.mode, date: formatter.string(from: Date()), machine: Self.machine(),
            durationSeconds: (ContinuousClock.now - start) / .seconds(1), workloads: results, skipped: skipped)
    }

    /// Runs the suite's selected workloads, and shuts the suite down whatever happens.
    private func run(_ suite: some BenchSuite, _ runner: WorkloadRunner) async throws -> [WorkloadResult] {
        var results: [WorkloadResult] = []
        do {
            for workload in try suite.workloads().compactMap(options.select) { results.append(try await runner.run(workload)) }
        } catch {
            await suite.shutdown()
            throw error
        }
        await suite.shutdown()
        return results
    }

    private static func machine() -> String {
        "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.operatingSystemVersionString)"
    }
}
