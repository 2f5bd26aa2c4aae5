import Switchyard

extension CheckRun {
    /// A malformed statement fails with `.syntax`, naming the backend and the
    /// statement and carrying the database's own code; the backend goes on working.
    func syntaxErrorIsReported() async throws -> CheckOutcome {
        let statement = fixture.invalidStatement()
        let thrown = try await expectError("running \(String(reflecting: statement.text))") {
            _ = try await backend.query(statement).collect()
        }
        let error = try switchyardError(thrown, from: "a malformed statement")
        try expectEqual(error.kind, .syntax, "the kind of error for a malformed statement")
        try expectEqual(error.backend, backend.name, "the backend the error names")
        try expectEqual(error.statement, statement.text, "the statement the error names")
        try expect(error.code != nil, "the database's own error code", actual: "no code in \(error)")
        try expect(!error.message.isEmpty, "a message", actual: "an empty message")

        let table = try await makeTable("aftersyntax", [ConformanceColumn("id", .int, isPrimaryKey: true)])
        try expectEqual(try await count(table), 0, "the row count of a new table after the error")
        return .passed
    }

    /// Reading a table that does not exist fails with `.notFound` or `.syntax`, and the message names the table.
    func missingTableIsReported() async throws -> CheckOutcome {
        guard options.missingTableIsError else { return .skipped("reading a missing table is not an error for this backend") }
        let missing = uniqueName("missing")
        let statement = fixture.select(["id"], from: missing, where: nil, orderBy: nil)
        let thrown = try await expectError("reading the missing table \(missing)") {
            _ = try await backend.query(statement).collect()
        }
        let error = try switchyardError(thrown, from: "a missing table")
        try expect(error.kind == .notFound || error.kind == .syntax, "kind .notFound or .syntax", actual: "\(error.kind)")
        try expectEqual(error.backend, backend.name, "the backend the error names")
        try expectEqual(error.statement, statement.text, "the statement the error names")
        try expect(
            error.message.contains(missing) || (error.detail ?? "").contains(missing), "the error to name \(missing)",
            actual: error.description)
        return .passed
    }

    /// A duplicate primary key fails with `.constraint` and leaves the stored row as it was.
    func uniqueViolationIsReported() async throws -> CheckOutcome {
        let table = try await makeTable("unique", [ConformanceColumn("id", .int, isPrimaryKey: true), ConformanceColumn("v", .text)])
        try await insert(table, ["id", "v"], [[1, "original"]])
        let duplicate = fixture.insert(into: table.name, columns: ["id", "v"], rows: [[1, "duplicate"]])
        let thrown = try await expectError("inserting a duplicate key") { try await backend.execute(duplicate) }
        let error = try switchyardError(thrown, from: "a duplicate key")
        try expectEqual(error.kind, .constraint, "the kind of error for a duplicate key")
        try expectEqual(error.backend, backend.name, "the backend the error names")
        try expectEqual(error.statement, duplicate.text, "the statement the error names")
        try expect(error.code != nil, "the database's own error code", actual: "no code in \(error)")

        let rows = try await select(table, ["id", "v"], orderBy: "id")
        try expectEqual(rows.map { $0["v"] }, [.text("original")], "the stored values after the refused insert")
        return .passed
    }
}
