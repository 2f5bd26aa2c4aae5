import Switchyard

extension CheckRun {
    /// A backend declaring ``BackendCapabilities/Features/readOnlyEnforcement`` refuses a write in a
    /// read-only request (`QueryOptions(readOnly: true)`) with `.readOnly` and writes nothing, while
    /// a read in one runs. Processors and the REPL rely on it where text classification cannot tell
    /// (a function that writes, a language the core does not know).
    func readOnlyRequestsRefuseWrites() async throws -> CheckOutcome {
        guard backend.capabilities.supports(.readOnlyEnforcement) else {
            return .skipped("the backend does not declare readOnlyEnforcement")
        }
        let table = try await makeTable("readonly", [ConformanceColumn("id", .int, isPrimaryKey: true)])
        try await insert(table, ["id"], [[1]])
        let readOnly = QueryOptions(readOnly: true)

        let counted = try await step("counting in a read-only request") {
            try await backend.query(fixture.count(in: table.name, where: nil), options: readOnly).collect()
        }
        try expectEqual(counted.first.flatMap { $0.isEmpty ? nil : Int(value: $0[0]) }, 1, "the count read in a read-only request")

        let thrown = try await expectError("inserting in a read-only request") {
            _ = try await backend.query(fixture.insert(into: table.name, columns: ["id"], rows: [[2]]), options: readOnly).collect()
        }
        let error = try switchyardError(thrown, from: "a write in a read-only request")
        try expectEqual(error.kind, .readOnly, "the kind of error for a write in a read-only request")
        try expectEqual(try await count(table), 1, "the row count after the refused write")
        return .passed
    }
}
