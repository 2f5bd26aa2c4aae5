import Switchyard

extension CheckRun {
    /// The catalog lists a new table with its columns in order, their types, and the
    /// primary key; after the table is dropped it no longer lists it.
    func catalogListsTable() async throws -> CheckOutcome {
        let extra = [ValueKind.double, .bool, .timestamp, .bytes].first(where: fixture.valueKinds.contains) ?? .text
        let columns = [
            ConformanceColumn("id", .int, isPrimaryKey: true), ConformanceColumn("name", .text), ConformanceColumn("extra", extra),
        ]
        let table = try await makeTable("catalog", columns)
        // Document stores describe fields they observe, so give them a row to look at.
        let sample = fixture.samples(for: extra).first ?? .null
        try await insert(table, columns.map(\.name), [[1, "first", sample]])

        let catalog = try await step("reading the catalog") { try await backend.catalog() }
        guard let object = catalog.object(named: table.name) else {
            throw failure("the catalog to list \(table.name)", "it lists \(catalog.objects.map(\.qualifiedName))")
        }
        try expect(object.kind != .view, "\(table.name) to be listed as a table or collection", actual: object.kind.rawValue)
        let listed = object.columns.map(\.name)
        try expect(
            columns.map(\.name).allSatisfy(listed.contains) && listed.filter(columns.map(\.name).contains) == columns.map(\.name),
            "the columns \(columns.map(\.name)) in that order", actual: "\(listed)")
        for column in object.columns {
            try expect(!column.type.isEmpty, "column \(column.name) to have a type", actual: "an empty type name")
        }
        for created in columns where !created.isPrimaryKey {
            let listedColumn = object.columns.first { $0.name == created.name }
            try expectEqual(listedColumn?.isNullable, true, "isNullable of column \(created.name)")
            if options.catalogReportsPrimaryKeys {
                try expectEqual(listedColumn?.isPrimaryKey, false, "isPrimaryKey of column \(created.name)")
            }
        }
        if options.catalogReportsPrimaryKeys {
            try expectEqual(object.columns.first { $0.name == "id" }?.isPrimaryKey, true, "isPrimaryKey of column id")
        }

        try await step("dropping \(table.name)") { try await fixture.dropTable(named: table.name, on: backend) }
        let after = try await step("reading the catalog after the drop") { try await backend.catalog() }
        try expect(after.object(named: table.name) == nil, "the catalog to forget \(table.name) once dropped", actual: "it still lists it")
        return .passed
    }
}
