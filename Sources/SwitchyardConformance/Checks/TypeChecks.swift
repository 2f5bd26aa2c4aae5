import Switchyard

extension CheckRun {
    /// Stores every sample of `kind` under its own key and reads each back, all
    /// together in key order and one by one through a bound key.
    func roundTrip(_ kind: ValueKind) async throws -> CheckOutcome {
        guard fixture.valueKinds.contains(kind) else {
            return .skipped("the fixture does not declare \(kind) values")
        }
        let samples = fixture.samples(for: kind)
        let table = try await makeTable("rt_\(kind)", [ConformanceColumn("id", .int, isPrimaryKey: true), ConformanceColumn("v", kind)])
        for (index, sample) in samples.enumerated() {
            try await step("storing \(render(sample))") {
                try await backend.execute(fixture.insert(into: table.name, columns: ["id", "v"], rows: [[.int(Int64(index)), sample]]))
            }
        }

        let rows = try await select(table, ["id", "v"], orderBy: "id")
        try expectEqual(try ids(rows), samples.indices.map(Int64.init), "the ids read back")
        for (row, sample) in zip(rows, samples) {
            let read = try value(row, "v")
            try expect(isEquivalent(sample, read), "\(render(sample)) to read back unchanged", actual: render(read))
        }

        for (index, sample) in samples.enumerated() {
            let rows = try await select(table, ["v"], where: ConformanceFilter("id", equals: .int(Int64(index))))
            try expectEqual(rows.count, 1, "the rows found for id \(index)")
            let read = try value(rows[0], "v")
            try expect(isEquivalent(sample, read), "\(render(sample)) to read back unchanged by key", actual: render(read))
        }
        return .passed
    }

    /// A row holding NULL in a column of every declared kind, written explicitly and
    /// by leaving columns out, reads back as NULL everywhere.
    func nullInEveryColumn() async throws -> CheckOutcome {
        let kinds = ValueKind.allCases.filter(fixture.valueKinds.contains)
        let names = kinds.map { "c_\($0)" }
        let table = try await makeTable(
            "nulls", [ConformanceColumn("id", .int, isPrimaryKey: true)] + kinds.map { ConformanceColumn("c_\($0)", $0) })
        try await insert(table, ["id"] + names, [[.int(1)] + kinds.map { _ in .null }])
        try await insert(table, ["id"], [[.int(2)]])

        let rows = try await select(table, ["id"] + names, orderBy: "id")
        try expectEqual(try ids(rows), [1, 2], "the ids read back")
        for (row, how) in zip(rows, ["bound as NULL", "left out of the insert"]) {
            for name in names {
                let read = try value(row, name)
                try expect(read.isNull, "column \(name) \(how) to read back as null", actual: render(read))
            }
        }
        return .passed
    }
}
