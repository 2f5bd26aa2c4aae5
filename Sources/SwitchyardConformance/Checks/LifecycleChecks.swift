import Switchyard

extension CheckRun {
    /// The backend answers a health check and describes itself consistently.
    func healthAndCapabilities() async throws -> CheckOutcome {
        let health = await backend.health()
        try expect(health.isHealthy, "a fresh backend to be healthy", actual: health.description)
        try expect(!backend.name.isEmpty, "the backend to have a name", actual: "an empty name")
        try expect(!backend.redactedURL.isEmpty, "the backend to show its (redacted) URL", actual: "an empty URL")

        let capabilities = backend.capabilities
        let language = fixture.invalidStatement().language
        try expect(
            capabilities.languages.contains(language), "the backend to accept \(language), the fixture's language",
            actual: "languages \(capabilities.languages.map(\.name).sorted())")
        if capabilities.sqlDialect != nil {
            try expect(capabilities.languages.contains(.sql), "a backend with a SQL dialect to accept sql", actual: "it does not")
        }
        if capabilities.supports(.savepoints) {
            try expect(capabilities.supports(.transactions), "savepoints to come with transactions", actual: "savepoints without transactions")
        }
        return .passed
    }

    /// After shutdown, queries throw a ``SwitchyardError``; shutting down twice is
    /// harmless and health reports the backend down.
    func shutdownRefusesFurtherUse() async throws -> CheckOutcome {
        let table = try await makeTable("shutdown", [ConformanceColumn("id", .int, isPrimaryKey: true)])
        try await insert(table, ["id"], [[1]])
        await backend.shutdown()

        let thrown = try await expectError("querying after shutdown") {
            _ = try await backend.query(fixture.count(in: table.name, where: nil)).collect()
        }
        _ = try switchyardError(thrown, from: "a query after shutdown")
        await backend.shutdown()
        let health = await backend.health()
        try expect(!health.isHealthy, "a shut-down backend to report itself down", actual: health.description)
        return .passed
    }
}
