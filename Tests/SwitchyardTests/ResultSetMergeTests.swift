import Switchyard
import Testing

/// How a fan-out's results line up when concatenated or merge-sorted: columns by name, not position.
@Suite struct ResultSetMergeTests {
    /// A result of `rows` under columns named `names` (declared types from `types` when given).
    private func result(_ names: [String], types: [String?]? = nil, _ rows: [[Value]]) -> ResultSet {
        let columns = Columns(zip(names, types ?? names.map { _ in nil }).map { Column($0, declaredType: $1) })
        return ResultSet(columns: columns, rows: rows.map { Row(columns: columns, values: $0) })
    }

    private func concatenate(_ parts: [(String, ResultSet)]) async throws -> (columns: [String], rows: [[Value]]) {
        let merged = ResultSet.concatenating(parts.map { (source: $0.0, rows: $0.1) })
        return (merged.columns.names, try await merged.collect().map(\.values))
    }

    @Test func aWriteOnSeveralBackendsHasNoColumnsAndSaysWhatItDidOnEach() async throws {
        var pg = ExecutionSummary(rowsAffected: 2)
        pg.notices = ["NOTICE: hello"]
        var local = ExecutionSummary(rowsAffected: 3)
        local.warnings = ["slow"]
        let merged = ResultSet.concatenating([
            (source: "pg", rows: .empty(pg)), (source: "local", rows: .empty(local)),
        ])
        #expect(merged.columns.isEmpty)
        #expect(try await merged.collect().isEmpty)
        let summary = try await merged.summary()
        #expect(summary.rowsAffected == 5)
        #expect(summary.legs == [.init(source: "pg", summary: pg), .init(source: "local", summary: local)])
        #expect(summary.notices == ["pg: NOTICE: hello"])
        #expect(summary.warnings == ["local: slow"])
    }

    @Test func legsWithTheSameColumnsKeepThemAndTheirValues() async throws {
        let (columns, rows) = try await concatenate([
            ("pg", result(["id", "name"], [[1, "Ada"]])), ("local", result(["id", "name"], [[2, "Bo"], [3, "Cy"]])),
        ])
        #expect(columns == ["backend", "id", "name"])
        #expect(rows == [["pg", 1, "Ada"], ["local", 2, "Bo"], ["local", 3, "Cy"]])
    }

    @Test func aLegWithItsColumnsInAnotherOrderPutsEachValueUnderItsOwnName() async throws {
        let (columns, rows) = try await concatenate([
            ("pg", result(["id", "name"], [[1, "Ada"]])), ("local", result(["name", "id"], [["Bo", 2]])),
        ])
        #expect(columns == ["backend", "id", "name"])
        #expect(rows == [["pg", 1, "Ada"], ["local", 2, "Bo"]])
    }

    @Test func columnsAreTheUnionInFirstSeenOrderWithNullWhereALegHasNone() async throws {
        let (columns, rows) = try await concatenate([
            ("pg", result(["id", "name"], [[1, "Ada"]])),
            ("local", result(["id", "email", "name"], [[2, "bo@example.com", "Bo"]])),
            ("docs", result(["_id", "name"], [[3, "Cy"]])),
        ])
        #expect(columns == ["backend", "id", "name", "email", "_id"])
        #expect(rows == [
            ["pg", 1, "Ada", .null, .null], ["local", 2, "Bo", "bo@example.com", .null], ["docs", .null, "Cy", .null, 3],
        ])
    }

    @Test func aResultColumnCalledBackendKeepsItsNameAndTheSourceColumnTakesAnother() async throws {
        let merged = ResultSet.concatenating([
            (source: "pg", rows: result(["id", "backend"], [[1, "postgres"]])), (source: "local", rows: result(["id"], [[2]])),
        ])
        #expect(merged.columns.names == ["backend_1", "id", "backend"])
        let rows = try await merged.collect()
        #expect(rows.map { $0["backend_1"] } == ["pg", "local"])
        #expect(rows.map { $0["backend"] } == ["postgres", .null])
    }

    @Test func theSourceColumnSkipsEveryNameTaken() async throws {
        let merged = ResultSet.concatenating([(source: "pg", rows: result(["backend", "backend_1"], [["a", "b"]]))])
        #expect(merged.columns.names == ["backend_2", "backend", "backend_1"])
        #expect(try await merged.collect().map(\.values) == [["pg", "a", "b"]])
    }

    @Test func aNameRepeatedInALegIsMatchedByOccurrence() async throws {
        let (columns, rows) = try await concatenate([
            ("pg", result(["a", "a"], [[1, 2]])), ("local", result(["b", "a"], [["x", 3]])), ("more", result(["a", "b", "a"], [[4, "y", 5]])),
        ])
        #expect(columns == ["backend", "a", "a", "b"])
        #expect(rows == [["pg", 1, 2, .null], ["local", 3, .null, "x"], ["more", 4, 5, "y"]])
    }

    @Test func aColumnWhoseLegsDeclareDifferentTypesHasNoDeclaredTypeButKeepsItsValues() async throws {
        let merged = ResultSet.concatenating([
            (source: "pg", rows: result(["id", "name"], types: ["int4", "text"], [[1, "Ada"]])),
            (source: "local", rows: result(["id", "name"], types: ["TEXT", "text"], [["two", "Bo"]])),
        ])
        #expect(merged.columns.map(\.declaredType) == ["text", nil, "text"])
        #expect(try await merged.collect().map(\.values) == [["pg", 1, "Ada"], ["local", "two", "Bo"]])
        let reordered = ResultSet.concatenating([
            (source: "pg", rows: result(["id", "name"], types: ["int4", "text"], [])),
            (source: "local", rows: result(["name", "id"], types: ["text", "INTEGER"], [])),
        ])
        #expect(reordered.columns.map(\.declaredType) == ["text", nil, "text"])
    }

    @Test func rowsWhoseColumnsDifferFromTheirResultsAreMatchedByName() async throws {
        // A MongoDB result: a later batch's documents have other fields than the first's.
        let first = Columns(names: ["_id", "name"])
        let later = Columns(names: ["name", "_id", "age"])
        let docs = ResultSet(columns: first, rows: [Row(columns: first, values: [1, "Ada"]), Row(columns: later, values: ["Bo", 2, 40])])
        let (columns, rows) = try await concatenate([("local", result(["name"], [["Cy"]])), ("docs", docs)])
        #expect(columns == ["backend", "name", "_id"])
        #expect(rows == [["local", "Cy", .null], ["docs", "Ada", 1], ["docs", "Bo", 2]])
    }

    @Test func mergeSortMatchesColumnsByNameToo() async throws {
        let merged = ResultSet.mergeSorted(
            [
                (source: "pg", rows: result(["id", "backend"], [[1, "a"], [3, "c"]])),
                (source: "local", rows: result(["backend", "id", "extra"], [["b", 2, true]])),
            ], by: [Route.SortKey("id")])
        #expect(merged.columns.names == ["backend_1", "id", "backend", "extra"])
        #expect(try await merged.collect().map(\.values) == [["pg", 1, "a", .null], ["local", 2, "b", true], ["pg", 3, "c", .null]])
    }
}
