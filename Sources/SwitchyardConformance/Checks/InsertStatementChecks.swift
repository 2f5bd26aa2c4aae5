import Switchyard

extension CheckRun {
    /// The entity store's ``EntityStore/insertStatement(into:columns:rows:)`` — what
    /// ``Orchestrator/copy(_:into:on:columns:rowsPerStatement:)`` writes with — inserts several
    /// rows in one statement: a column of every declared kind, each row holding the next sample
    /// of each kind, and a last row of nulls, all reading back unchanged.
    func insertStatementRoundTrips() async throws -> CheckOutcome {
        guard let store = backend.entityStore else { return .skipped("the backend has no entity store") }
        let kinds = ValueKind.allCases.filter(fixture.valueKinds.contains)
        let names = kinds.map { "c_\($0)" }
        let samples = kinds.map(fixture.samples(for:))
        let sampleRows = samples.map(\.count).max() ?? 0
        // Row i holds each kind's i-th sample, or its last once a kind has run out.
        let rows: [[Value]] = (0..<sampleRows).map { index in
            [.int(Int64(index))] + samples.map { $0.isEmpty ? .null : $0[min(index, $0.count - 1)] }
        } + [[.int(Int64(sampleRows))] + kinds.map { _ in .null }]
        let table = try await makeTable(
            "inserts", [ConformanceColumn("id", .int, isPrimaryKey: true)] + kinds.map { ConformanceColumn("c_\($0)", $0) })
        guard let statement = store.insertStatement(into: table.name, columns: ["id"] + names, rows: rows) else {
            return .skipped("the entity store writes no insert statements (insertStatement returned nil)")
        }
        try await step("running the insert statement of \(rows.count) rows") { try await backend.execute(statement) }

        let read = try await select(table, ["id"] + names, orderBy: "id")
        try expectEqual(try ids(read), rows.indices.map(Int64.init), "the ids read back")
        for (row, stored) in zip(read, rows) {
            for (name, value) in zip(names, stored.dropFirst()) {
                let got = try self.value(row, name)
                try expect(isEquivalent(value, got), "\(name) of row \(stored[0]) to read back as \(render(value))", actual: render(got))
            }
        }
        return .passed
    }
}
