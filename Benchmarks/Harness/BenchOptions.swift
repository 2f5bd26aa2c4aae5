import Foundation

/// The command line, read once.
struct BenchOptions: Sendable {
    var mode: BenchSettings.Mode = .quick
    var only: Set<String> = ["sqlite", "postgres", "mongo", "fanout", "memory"]
    var resultsFolder = "Benchmarks/results"
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
            case "--results":
                guard let folder = remaining.popFirst() else { throw BenchError("--results needs a folder") }
                resultsFolder = folder
            default:
                throw BenchError("unknown argument '\(argument)'; use [--quick|--full] [--only LIST] [--results DIR]")
            }
        }
    }
}
