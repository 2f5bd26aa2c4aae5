import Foundation

// switchyard-bench [--quick|--full] [--only sqlite,postgres,mongo,fanout,memory] [--workloads W1,W2] [--paths raw,Backend] [--rounds N] [--check] [--results DIR]
// Servers come from SWITCHYARD_BENCH_POSTGRES_URL and SWITCHYARD_BENCH_MONGO_URL
// (scripts/bench.sh starts them); a backend without a URL is skipped and says so.
// `switchyard-bench memory-child ROWS [FILE]` is W6's child process (see MemoryWorkload).

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "memory-child" {
    let rows = arguments.dropFirst().first.flatMap { Int($0) } ?? 1_000_000
    do {
        try await MemoryWorkload.runChild(rows: rows, report: arguments.dropFirst(2).first)
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("memory-child: \(error)\n".utf8))
        exit(1)
    }
}

do {
    let options = try BenchOptions(arguments)
    let report = try await BenchRun(options: options).run()
    print(report.consoleTable)
    let written = try ResultFiles.write(report, to: options.resultsFolder)
    print("written: " + written.joined(separator: ", "))
    if options.check {
        let problems = report.skipped.map { "skipped \($0)" }
            + report.workloads.flatMap(\.notes).filter { $0.hasPrefix(WorkloadRunner.disagreementNote) }
        guard problems.isEmpty else { throw BenchError("--check: " + problems.joined(separator: "; ")) }
        print("check: every path ran and the paths of each workload read the same data")
    }
} catch {
    FileHandle.standardError.write(Data("switchyard-bench: \(error)\n".utf8))
    exit(1)
}
