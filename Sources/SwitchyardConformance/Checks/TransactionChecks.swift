import Switchyard

/// Thrown by a transaction body to force a rollback; the suite checks it comes back out unchanged.
struct RollbackMarker: Error, Hashable {
    let token: UInt32
}

extension CheckRun {
    private var keyedTextColumns: [ConformanceColumn] {
        [ConformanceColumn("id", .int, isPrimaryKey: true), ConformanceColumn("v", .text)]
    }

    private var transactionsUnsupported: CheckOutcome? {
        backend.capabilities.supports(.transactions) ? nil : .skipped("the backend does not declare transactions")
    }

    /// Writes inside a transaction are visible to it, the body's result is returned,
    /// and the writes are there after it commits.
    func transactionCommits() async throws -> CheckOutcome {
        if let skipped = transactionsUnsupported { return skipped }
        let table = try await makeTable("commit", keyedTextColumns)
        let answer = try await step("running a transaction") {
            try await backend.withTransaction { tx in
                try await insert(table, ["id", "v"], [[1, "a"], [2, "b"]], on: tx)
                try await insert(table, ["id", "v"], [[3, "c"]], on: tx)
                try expectEqual(try await count(table, on: tx), 3, "the rows the transaction sees before it commits")
                return "committed"
            }
        }
        try expectEqual(answer, "committed", "the value the transaction returns")
        try expectEqual(try await count(table), 3, "the rows after the commit")
        try expectEqual(try ids(try await select(table, ["id"], orderBy: "id")), [1, 2, 3], "the ids after the commit")
        return .passed
    }

    /// A body that throws after writing leaves nothing of its writes, the same error
    /// comes back out, and the backend goes on working.
    func transactionRollsBackWhenBodyThrows() async throws -> CheckOutcome {
        if let skipped = transactionsUnsupported { return skipped }
        let table = try await makeTable("rollback", keyedTextColumns)
        try await insert(table, ["id", "v"], [[1, "kept"]])
        let marker = RollbackMarker(token: .random(in: .min ... .max))

        let thrown = try await expectError("a transaction whose body throws") {
            try await backend.withTransaction { tx in
                try await insert(table, ["id", "v"], [[2, "undone"], [3, "undone"]], on: tx)
                try expectEqual(try await count(table, on: tx), 3, "the rows the transaction sees before it throws")
                throw marker
            }
        }
        try expect(thrown as? RollbackMarker == marker, "the body's own error to be rethrown", actual: "\(type(of: thrown)): \(thrown)")
        try expectEqual(try ids(try await select(table, ["id"], orderBy: "id")), [1], "the ids after the rollback")

        try await insert(table, ["id", "v"], [[2, "after"]])
        try await step("running a transaction after a rollback") {
            try await backend.withTransaction { tx in try await insert(table, ["id", "v"], [[3, "after"]], on: tx) }
        }
        try expectEqual(try await count(table), 3, "the rows after writing again")
        return .passed
    }

    /// A constraint violation inside a transaction rolls back what the transaction wrote before it.
    func transactionRollsBackAfterFailedStatement() async throws -> CheckOutcome {
        if let skipped = transactionsUnsupported { return skipped }
        let table = try await makeTable("txfail", keyedTextColumns)
        try await insert(table, ["id", "v"], [[1, "kept"]])

        let thrown = try await expectError("a transaction with a duplicate key") {
            try await backend.withTransaction { tx in
                try await insert(table, ["id", "v"], [[10, "undone"]], on: tx)
                try await tx.execute(fixture.insert(into: table.name, columns: ["id", "v"], rows: [[1, "duplicate"]]))
            }
        }
        let error = try switchyardError(thrown, from: "a duplicate key inside a transaction")
        try expectEqual(error.kind, .constraint, "the kind of error for a duplicate key")
        let rows = try await select(table, ["id", "v"], orderBy: "id")
        try expectEqual(try ids(rows), [1], "the ids after the failed transaction")
        try expectEqual(rows.first?["v"], .text("kept"), "the stored row's value")
        return .passed
    }

    /// Rolling back to a savepoint undoes the writes after it and keeps those before and after.
    func savepointRollsBackPartOfATransaction() async throws -> CheckOutcome {
        if let skipped = transactionsUnsupported { return skipped }
        guard backend.capabilities.supports(.savepoints) else { return .skipped("the backend does not declare savepoints") }
        guard let savepoint = fixture.savepointStatements(named: "cf_point") else {
            return .skipped("the fixture has no savepoint statements")
        }
        let table = try await makeTable("savepoint", keyedTextColumns)
        try await step("running a transaction with a savepoint") {
            try await backend.withTransaction { tx in
                try await insert(table, ["id", "v"], [[1, "before"]], on: tx)
                try await tx.execute(savepoint.create)
                try await insert(table, ["id", "v"], [[2, "undone"]], on: tx)
                try await tx.execute(savepoint.rollback)
                try await insert(table, ["id", "v"], [[3, "after"]], on: tx)
                try await tx.execute(savepoint.release)
            }
        }
        try expectEqual(try ids(try await select(table, ["id"], orderBy: "id")), [1, 3], "the ids after the transaction")
        return .passed
    }
}
