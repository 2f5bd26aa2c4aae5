/// Sizes of every workload; quick mode is a tenth of full.
struct BenchSettings: Sendable {
    enum Mode: String, Sendable, Codable { case quick, full }

    var mode: Mode
    /// Rows of `items` for SQLite and PostgreSQL (W1, W2).
    var rows: Int
    /// W1 lookups per run.
    var lookups: Int
    /// W3 rows inserted per run.
    var insertRows: Int
    /// W4 seconds per run.
    var concurrencySeconds: Double
    /// W4 tasks (and pool size).
    var concurrencyTasks = 8
    /// MongoDB sizes: the test server (SecantusDB, in Python) is slow, so they are smaller;
    /// the ratio to raw libmongoc on the same server is what counts.
    var mongoRows: Int
    var mongoLookups: Int
    var mongoInsertRows: Int
    /// W5 requests per run.
    var fanOutRequests: Int
    /// W6 rows streamed through the table formatter.
    var memoryRows: Int
    /// Interleaved rounds per workload; medians are taken over them.
    var rounds: Int

    /// W2 scans per run: enough for 100,000 rows read per run (10 scans of the quick table).
    func scanRepeats(rows: Int) -> Int { max(1, 100_000 / max(rows, 1)) }

    static func make(_ mode: Mode) -> BenchSettings {
        let full = BenchSettings(
            mode: .full, rows: 100_000, lookups: 20_000, insertRows: 100_000, concurrencySeconds: 5,
            mongoRows: 100_000, mongoLookups: 10_000, mongoInsertRows: 20_000, fanOutRequests: 1_000,
            memoryRows: 1_000_000, rounds: 5)
        guard mode == .quick else { return full }
        return BenchSettings(
            mode: .quick, rows: full.rows / 10, lookups: full.lookups / 10, insertRows: full.insertRows / 10,
            concurrencySeconds: full.concurrencySeconds / 10, mongoRows: full.mongoRows / 10,
            mongoLookups: full.mongoLookups / 10, mongoInsertRows: full.mongoInsertRows / 10,
            fanOutRequests: full.fanOutRequests / 10, memoryRows: full.memoryRows / 10, rounds: 3)
    }
}
