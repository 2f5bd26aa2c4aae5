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

    /// W1 through Switchyard's layers: the backend and the full orchestrator, per request and in
    /// a session holding one connection (the target applies to both orchestrator paths), and —
    /// when `bare` is given — the orchestrator without processors, to tell its cost from theirs.
    static func adapterLookups(
        ids: [Int64], statement: @escaping @Sendable (Int64) -> Statement, backend: any Backend, orchestrator: Orchestrator,
        bare: Orchestrator? = nil
    ) -> [BenchPath] {
        var paths = [
            BenchPath(name: "Backend", run: AdapterPaths.lookups(ids: ids, statement: statement) {
                try await backend.query($0, options: QueryOptions())
            }),
            BenchPath(name: "Orchestrator", target: 0.90,
                run: AdapterPaths.lookups(ids: ids, statement: statement, run: AdapterPaths.through(orchestrator))),
        ]
        if let bare {
            paths.append(BenchPath(name: "Orchestrator, no processors",
                run: AdapterPaths.lookups(ids: ids, statement: statement, run: AdapterPaths.through(bare))))
        }
        // W1 is "one connection": the same lookups by a task holding one (`withSession`), whose
        // statements then run on the connection's own thread with no hand-off.
        paths.append(BenchPath(name: "Backend in session") {
            try await backend.withSession {
                try await AdapterPaths.lookups(ids: ids, statement: statement) { try await backend.query($0, options: QueryOptions()) }()
            }
        })
        paths.append(BenchPath(name: "Orchestrator in session", target: 0.90) {
            try await backend.withSession {
                try await AdapterPaths.lookups(ids: ids, statement: statement, run: AdapterPaths.through(orchestrator))()
            }
        })
        return paths
    }
}

extension BenchPath {
    /// W2 through Switchyard's layers: the backend and the full orchestrator, per request and
    /// in a session (`withSession`), where the rows are read on the connection's own thread —
    /// decoded and freed by the same thread, and fetched with no hand-off per batch.
    static func adapterScans(
        _ statement: Statement, repeats: Int, backend: any Backend, orchestrator: Orchestrator
    ) -> [BenchPath] {
        let direct = AdapterPaths.scan(statement, repeats: repeats) { try await backend.query($0, options: QueryOptions()) }
        let orchestrated = AdapterPaths.scan(statement, repeats: repeats, run: AdapterPaths.through(orchestrator))
        return [
            BenchPath(name: "Backend", target: 0.80, run: direct),
            BenchPath(name: "Orchestrator", target: 0.80, run: orchestrated),
            BenchPath(name: "Backend in session", target: 0.80) { try await backend.withSession { try await direct() } },
            BenchPath(name: "Orchestrator in session", target: 0.80) { try await backend.withSession { try await orchestrated() } },
        ]
    }
}
