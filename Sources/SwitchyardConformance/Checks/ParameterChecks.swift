import Switchyard

extension CheckRun {
    /// Inserts report the rows they wrote; a read reports no rows affected.
    func writesReportRowsAffected() async throws -> CheckOutcome {
        let table = try await makeTable("affected", [ConformanceColumn("id", .int, isPrimaryKey: true), ConformanceColumn("v", .text)])
        let three = try await insert(table, ["id", "v"], [[1, "a"], [2, "b"], [3, "c"]])
        try expectEqual(three.rowsAffected, 3, "rowsAffected of a three-row insert")
        let one = try await insert(table, ["id", "v"], [[4, "d"]])
        try expectEqual(one.rowsAffected, 1, "rowsAffected of a one-row insert")

        let read = try await step("reading the table to the end") {
            try await backend.query(fixture.select(["id"], from: table.name, where: nil, orderBy: "id")).summary()
        }
        try expectEqual(read.rowsAffected, nil, "rowsAffected of a read")
        try expectEqual(read.rowsReturned, 4, "rowsReturned of a read of four rows")
        return .passed
    }

    /// Text that would break a statement if it were spliced in is stored and found exactly.
    func parametersAreBoundNotSpliced() async throws -> CheckOutcome {
        let table = try await makeTable("bound", [ConformanceColumn("id", .int, isPrimaryKey: true), ConformanceColumn("v", .text)])
        let hostile: [String] = [
            "'); DROP TABLE \(table.name); --", "' OR '1'='1", "\" OR 1=1 --", "?", "?1", "$1", ":name", "@p",
            "\\'; DELETE FROM \(table.name); --", "{\"$ne\": null}", "db.\(table.name).drop()",
        ]
        for (index, text) in hostile.enumerated() {
            try await insert(table, ["id", "v"], [[.int(Int64(index)), .text(text)]])
        }

        try expectEqual(try await count(table), hostile.count, "the rows in the table after the inserts")
        let rows = try await select(table, ["id", "v"], orderBy: "id")
        try expectEqual(rows.map { $0["v"] }, hostile.map { Optional(Value.text($0)) }, "the stored texts")

        for (index, text) in hostile.enumerated() {
            let found = try await select(table, ["id"], where: ConformanceFilter("v", equals: .text(text)))
            try expectEqual(try ids(found), [Int64(index)], "the ids found where v = \(String(reflecting: text))")
        }
        return .passed
    }

    /// Binding fewer or more values than the statement has placeholders is refused
    /// with an `.invalidInput` error that gives both counts.
    func wrongParameterCountIsAnError() async throws -> CheckOutcome {
        let table = try await makeTable("params", [ConformanceColumn("id", .int, isPrimaryKey: true)])
        try await insert(table, ["id"], [[1]])
        let statement = fixture.select(["id"], from: table.name, where: ConformanceFilter("id", equals: 1), orderBy: nil)
        guard !statement.bindings.isEmpty else {
            return .skipped("the fixture's statements carry no bound parameters")
        }
        let needed = statement.bindings.count
        for given in [needed - 1, needed + 1] {
            var wrong = statement
            wrong.bindings = Array(repeating: .int(1), count: given)
            let thrown = try await expectError("running a statement needing \(needed) value(s) with \(given)") {
                _ = try await backend.query(wrong).collect()
            }
            let error = try switchyardError(thrown, from: "a wrong parameter count")
            try expectEqual(error.kind, .invalidInput, "the kind of error for \(given) value(s) where \(needed) are needed")
            try expect(
                error.message.contains(String(needed)) && error.message.contains(String(given)),
                "the message to give both counts (\(needed) needed, \(given) given)", actual: error.message)
            try expectEqual(error.backend, backend.name, "the backend the error names")
        }
        try expectEqual(try await count(table), 1, "the rows after the refused statements")
        return .passed
    }
}
