@testable import Switchyard
import Testing

/// How an aggregating or merge-sorted fan-out combines its legs: what it refuses, the order
/// and the cut of the combined rows.
@Suite struct FanOutCombineTests {
    private func result(_ names: [String], _ rows: [[Value]]) -> ResultSet {
        let columns = Columns(names: names)
        return ResultSet(columns: columns, rows: rows.map { Row(columns: columns, values: $0) })
    }

    /// Two shards' partial sums and counts by city.
    private func cityLegs() -> [(source: String, rows: ResultSet)] {
        [
            ("eu", result(["city", "total", "n"], [["Paris", 80, 1], ["Lyon", 120, 1]])),
            ("us", result(["city", "total", "n"], [["Paris", 45, 1], ["Austin", 300, 1]])),
        ]
    }

    private func aggregation(_ sql: String) -> Aggregation {
        Aggregation(rule: "by city", groupBy: ["city"], aggregates: [.init(.sum, "total"), .init(.count, "n")], clauses: SQLResultClauses(sql: sql))
    }

    @Test func aLegWithoutTheRulesColumnsIsRefusedNamingBothSets() async throws {
        let legs: [(source: String, rows: ResultSet)] = [("eu", result(["id", "city", "email"], [[1, "Lyon", "a@example.com"]]))]
        let merged = ResultSet.aggregating(legs, groupBy: ["city"], aggregates: [.init(.sum, "total"), .init(.count, "n")])
        let error = await #expect(throws: SwitchyardError.self) { _ = try await merged.collect() }
        #expect(error?.kind == .unsupported)
        #expect(error?.message == "the aggregate rule 'aggregate' combines columns city, total, n; this result has id, city, email")
        #expect(error?.backend == "eu")
        #expect(error?.detail == "missing: total, n; neither grouped nor combined: id, email")
        #expect(error?.hint?.contains("@name") == true)
    }

    @Test func aColumnTheRuleDoesNotCombineIsRefusedNotDropped() async throws {
        let legs: [(source: String, rows: ResultSet)] = [("eu", result(["city", "total", "n", "lo"], [["Lyon", 1, 1, 1]]))]
        let error = await #expect(throws: SwitchyardError.self) { _ = try await ResultSet.aggregating(legs, aggregation("")).collect() }
        #expect(error?.detail == "neither grouped nor combined: lo")
    }

    @Test func groupsComeSortedByTheGroupByColumnsWithoutAnOrderBy() async throws {
        let rows = try await ResultSet.aggregating(cityLegs(), aggregation("SELECT city, sum(x) AS total, count(*) AS n FROM t GROUP BY city"))
            .collect()
        #expect(rows.map(\.values) == [["Austin", 300, 1], ["Lyon", 120, 1], ["Paris", 125, 2]])
    }

    @Test func groupsFollowTheStatementsOrderByNameOrPosition() async throws {
        let byTotal = try await ResultSet.aggregating(cityLegs(), aggregation("SELECT … GROUP BY city ORDER BY total DESC")).collect()
        #expect(byTotal.map { $0["city"] } == ["Austin", "Paris", "Lyon"])
        let byPosition = try await ResultSet.aggregating(cityLegs(), aggregation("SELECT … GROUP BY city ORDER BY 1 DESC")).collect()
        #expect(byPosition.map { $0["city"] } == ["Paris", "Lyon", "Austin"])
        // Ties on the count are broken by the group-by column.
        let byCount = try await ResultSet.aggregating(cityLegs(), aggregation("SELECT … GROUP BY city ORDER BY n")).collect()
        #expect(byCount.map { $0["city"] } == ["Austin", "Lyon", "Paris"])
    }

    @Test func limitAndOffsetCutTheCombinedGroups() async throws {
        let rows = try await ResultSet.aggregating(cityLegs(), aggregation("SELECT … GROUP BY city ORDER BY city LIMIT 1 OFFSET 1")).collect()
        #expect(rows.map(\.values) == [["Lyon", 120, 1]])
    }

    @Test func aLimitInAnOrderOtherThanTheGroupsIsRefused() async throws {
        for sql in ["SELECT … GROUP BY city ORDER BY total DESC LIMIT 1", "SELECT … GROUP BY city LIMIT 1"] {
            let error = await #expect(throws: SwitchyardError.self) { _ = try await ResultSet.aggregating(cityLegs(), aggregation(sql)).collect() }
            #expect(error?.kind == .unsupported)
            #expect(error?.hint == "add ORDER BY city, or leave LIMIT and OFFSET out")
        }
    }

    @Test func anAverageIsRefusedBeforeAnyLegRuns() {
        let error = #expect(throws: SwitchyardError.self) {
            try aggregation("SELECT city, avg(total) AS total, count(*) AS n FROM t GROUP BY city").checkStatement()
        }
        #expect(error?.message.contains("avg") == true)
        #expect(error?.hint?.contains("sum(x) and count(x)") == true)
    }

    @Test func mergeSortCutsTheMergedRowsToTheStatementsLimitAndOffset() async throws {
        let legs: [(source: String, rows: ResultSet)] = [("a", result(["v"], [[9], [5], [1]])), ("b", result(["v"], [[8], [4]]))]
        let merged = ResultSet.mergeSorted(legs, by: [Route.SortKey("v", descending: true)], rule: "m", skipping: 1, limit: 2)
        #expect(try await merged.collect().map { $0["v"] } == [8, 5])
        #expect(merged.currentSummary.rowsReturned == 2)
    }

    @Test func aLegOutOfOrderIsMergedWithAWarningNamingTheLeg() async throws {
        let legs: [(source: String, rows: ResultSet)] = [("a", result(["v"], [[9], [5]])), ("b", result(["v"], [[4], [8], [1], [7]]))]
        let merged = ResultSet.mergeSorted(legs, by: [Route.SortKey("v", descending: true)])
        #expect(try await merged.collect().count == 6, "every row is kept")
        let warnings = merged.currentSummary.warnings
        #expect(warnings.count == 1, "once per leg: \(warnings)")
        #expect(warnings.first?.hasPrefix("the merge-sort rule 'merge-sort' merges rows ordered by v DESC, but backend 'b' returned (8) after (4)") == true)
        #expect(warnings.first?.contains("ORDER BY v DESC") == true)
    }
}
