import Switchyard

extension CheckRun {
    private var numberedColumns: [ConformanceColumn] {
        [ConformanceColumn("id", .int, isPrimaryKey: true), ConformanceColumn("n", .int)]
    }

    /// Fills a table with `count` rows (`id` 0…, `n` = id × 3), inside one transaction when the backend has them.
    private func numberedTable(_ purpose: String, count: Int) async throws -> ConformanceTable {
        let table = try await makeTable(purpose, numberedColumns)
        let fill: @Sendable (any QueryExecutor) async throws -> Void = { executor in
            try await insertInBulk(table, ["id", "n"], count: count, on: executor) { [.int(Int64($0)), .int(Int64($0) * 3)] }
        }
        if backend.capabilities.supports(.transactions) {
            try await step("filling \(table.name) in a transaction") { try await backend.withTransaction(fill) }
        } else {
            try await fill(backend)
        }
        return table
    }

    /// Every row of a large result arrives, in order, while iterating; the summary
    /// counts them. Rows kept while iterating keep their values: an adapter that builds a
    /// batch in the buffer of the one before (``RowBatchRecycler``) must do so only once
    /// none of its rows is left.
    func largeResultStreams() async throws -> CheckOutcome {
        let total = options.largeResultRowCount
        let table = try await numberedTable("large", count: total)
        let result = try await step("starting a \(total)-row query") {
            try await backend.query(fixture.select(["id", "n"], from: table.name, where: nil, orderBy: "id"))
        }
        var seen = 0
        var sum: Int64 = 0
        var kept: [Row] = []
        let keepEvery = 997
        try await step("iterating \(total) rows") {
            for try await row in result {
                let id = try value(row, "id")
                try expectEqual(id, .int(Int64(seen)), "the id of row \(seen)")
                sum += Int64(value: try value(row, "n")) ?? 0
                if seen.isMultiple(of: keepEvery) { kept.append(row) }
                seen += 1
            }
        }
        try expectEqual(seen, total, "the rows iterated")
        for (index, row) in kept.enumerated() {
            let id = Int64(index * keepEvery)
            try expectEqual(
                [try value(row, "id"), try value(row, "n")], [.int(id), .int(id * 3)],
                "row \(id), kept while the rest of the result was read")
        }
        try expectEqual(sum, 3 * Int64(total) * Int64(total - 1) / 2, "the sum of column n")
        try expectEqual(result.currentSummary.rowsReturned, total, "rowsReturned in the summary after iterating")
        try expectEqual(try await count(table), total, "the row count")
        return .passed
    }

    /// Reading a few rows and leaving the loop, over and over (more often than any
    /// pool has connections), then writing and reading everything, works.
    func stoppingEarlyLeavesBackendUsable() async throws -> CheckOutcome {
        let total = min(2_000, max(100, options.largeResultRowCount))
        let table = try await numberedTable("early", count: total)
        let statement = fixture.select(["id", "n"], from: table.name, where: nil, orderBy: "id")
        for attempt in 0..<25 {
            let read = try await step("reading the first rows (attempt \(attempt + 1))") {
                try await firstIDs(of: statement, count: 10)
            }
            try expectEqual(read, (0..<10).map(Int64.init), "the first ids read")
        }
        try await step("cancelling a result explicitly") { () async throws -> Void in
            let result = try await backend.query(statement)
            var iterator = result.makeAsyncIterator()
            _ = try await iterator.next()
            result.cancel()
            result.cancel()
        }

        try await insert(table, ["id", "n"], [[.int(Int64(total)), 0]])
        try expectEqual(try await count(table), total + 1, "the row count after writing")
        try expectEqual(try await select(table, ["id"], orderBy: "id").count, total + 1, "the rows read in full")
        return .passed
    }

    /// A large result read past its request's deadline (a ``TimeoutProcessor``'s, through an
    /// ``Orchestrator``) ends with `.timeout`, and the backend stays usable. A backend declaring
    /// ``BackendCapabilities/Features/deadlines`` must end it itself; for the others the
    /// pipeline watches the deadline.
    func resultReadPastItsDeadlineTimesOut() async throws -> CheckOutcome {
        let total = max(10_000, options.largeResultRowCount)
        let table = try await numberedTable("deadline", count: total)
        let statement = fixture.select(["id", "n"], from: table.name, where: nil, orderBy: "id")
        let limit = Duration.seconds(1)
        let orchestrator = Orchestrator(backends: BackendRegistry([backend]), processors: [TimeoutProcessor(limit: limit)])
        let started = ContinuousClock.now
        var seen = 0
        do {
            let result = try await orchestrator.run(QueryRequest(statement))
            var iterator = result.rows.makeAsyncIterator()
            if try await iterator.next() != nil { seen += 1 }
            try await Task.sleep(until: started.advanced(by: limit + .milliseconds(300)), clock: .continuous)
            while try await iterator.next() != nil { seen += 1 }
            throw ConformanceFailure(
                check: check.description, expected: "reading rows after the request's deadline to fail with .timeout",
                actual: "all \(seen) rows were read")
        } catch let error as SwitchyardError {
            try expectEqual(error.kind, .timeout, "the error reading \(total) rows past a \(limit) deadline (\(error.message))")
        }
        try expectEqual(try await count(table), total, "the row count after the timed-out read")
        return .passed
    }

    /// The ids of the first `count` rows; the result is dropped unfinished when this returns.
    private func firstIDs(of statement: Statement, count: Int) async throws -> [Int64] {
        var ids: [Int64] = []
        for try await row in try await backend.query(statement) {
            ids.append(Int64(value: try value(row, "id")) ?? -1)
            if ids.count == count { break }
        }
        return ids
    }

    /// `limited(to:)` ends the rows at the limit and reports truncation only when rows were cut.
    func limitedResultReportsTruncation() async throws -> CheckOutcome {
        let table = try await numberedTable("limit", count: 100)
        let statement = fixture.select(["id", "n"], from: table.name, where: nil, orderBy: "id")
        for (limit, expectedRows, truncated) in [(10, 10, true), (99, 99, true), (100, 100, false), (250, 100, false)] {
            let result = try await step("querying with limited(to: \(limit))") { try await backend.query(statement).limited(to: limit) }
            let rows = try await step("reading a result limited to \(limit)") { try await result.collect() }
            try expectEqual(try ids(rows), (0..<expectedRows).map(Int64.init), "the ids of a result limited to \(limit)")
            let summary = result.currentSummary
            try expectEqual(summary.truncatedAt, truncated ? limit : nil, "truncatedAt for 100 rows limited to \(limit)")
            try expectEqual(summary.rowsReturned, expectedRows, "rowsReturned for 100 rows limited to \(limit)")
        }
        try expectEqual(try await count(table), 100, "the row count after the limited reads")
        return .passed
    }
}
