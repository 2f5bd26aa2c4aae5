import Foundation

/// The command line, read once.
struct BenchOptions: Sendable {
    var mode: BenchSettings.Mode = .quick
    var only: Set<String> = ["sqlite", "postgres", "mongo", "fanout", "memory"]
    var resultsFolder = "Benchmarks/results"
    /// Workload ids to run (`W1`, `W2` …); all when empty. With `--paths`, only paths whose
    /// name contains one of the given words (for profiling one path); a word starting with `=`
    /// names one path exactly (`=Orchestrator`), one with a `/` is looked for in the workload's
    /// backend and the path's name (`PG+SQLite+Mongo/fan-out`, where two workloads share names).
    var workloads: Set<String> = []
    var paths: [String] = []
    /// Rounds per workload instead of the mode's (more samples for a profiler).
    var rounds: Int?
    /// A smoke run (CI's): fail when a path crashes, a backend is skipped, or paths disagree
    /// on what they read. Figures are printed but judge nothing.
    var check = false
    var postgresURL = ProcessInfo.processInfo.environment["SWITCHYARD_BENCH_POSTGRES_URL"]
    var mongoURL = ProcessInfo.processInfo.environment["SWITCHYARD_BENCH_MONGO_URL"]

    init(_ arguments: [String]) throws {
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "--quick": mode = .quick
            case "--full": mode = .full
            case "--only":
                guard let list = remaining.popFirst() else { throw BenchError("--only needs a list, such as sqlite,postgres") }
                only = Set(list.split(separator: ",").map { $0.lowercased() })
            case "--workloads":
                guard let list = remaining.popFirst() else { throw BenchError("--workloads needs a list, such as W1,W2") }
                workloads = Set(list.split(separator: ",").map { $0.uppercased() })
            case "--paths":
                guard let list = remaining.popFirst() else { throw BenchError("--paths needs a list, such as raw,Orchestrator") }
                paths = list.split(separator: ",").map(String.init)
            case "--rounds":
                guard let text = remaining.popFirst(), let count = Int(text), count > 0 else {
                    throw BenchError("--rounds needs a positive number")
                }
                rounds = count
            case "--check": check = true
            case "--results":
                guard let folder = remaining.popFirst() else { throw BenchError("--results needs a folder") }
                resultsFolder = folder
            default:
                throw BenchError("unknown argument '\(argument)'; use [--quick|--full] [--only LIST] [--workloads W1,W2] [--paths raw,Backend] [--rounds N] [--check] [--results DIR]")
            }
        }
    }
}

extension BenchOptions {
    /// The workload as this run wants it: nil when filtered out, fewer paths with `--paths`.
    func select(_ workload: Workload) -> Workload? {
        guard workloads.isEmpty || workloads.contains(workload.id) else { return nil }
        guard !paths.isEmpty else { return workload }
        var selected = workload
        selected.paths = workload.paths.filter { path in
            paths.contains { word in
                word.hasPrefix("=")
                    ? path.name.caseInsensitiveCompare(word.dropFirst()) == .orderedSame
                    : word.contains("/")
                        ? "\(workload.backend)/\(path.name)".localizedCaseInsensitiveContains(word)
                        : path.name.localizedCaseInsensitiveContains(word)
            }
        }
        return selected.paths.isEmpty ? nil : selected
    }
}
