@testable import Switchyard
import Testing

/// What a merge-sorted or aggregating fan-out reads from the end of a SQL query.
@Suite struct SQLResultClausesTests {
    private typealias Item = SQLResultClauses.OrderItem

    @Test func orderByNamesPositionsDirectionsAndNullsAreRead() {
        let clauses = SQLResultClauses(sql: #"SELECT city, n FROM t ORDER BY City DESC, 2, "Total" ASC NULLS LAST, t.n"#)
        #expect(clauses.orderBy == [
            Item(key: .name("City", quoted: false), descending: true), Item(key: .position(2), descending: false),
            Item(key: .name("Total", quoted: true), descending: false, nullsFirst: false), Item(key: .name("n", quoted: false), descending: false),
        ])
        #expect(clauses.limit == nil && clauses.offset == 0 && clauses.legText == nil)
    }

    @Test func anOrderByExpressionLeavesTheOrderUnknown() {
        let clauses = SQLResultClauses(sql: "SELECT city FROM t GROUP BY city ORDER BY sum(total) DESC")
        #expect(clauses.hasOrderBy)
        #expect(clauses.orderBy == nil)
    }

    @Test func clausesInsideParenthesesStringsAndCommentsDoNotCount() {
        let sql = """
            SELECT v, row_number() OVER (ORDER BY w) AS r, 'ORDER BY x LIMIT 9' AS s
            FROM (SELECT v, w FROM t ORDER BY w LIMIT 3 OFFSET 1) q -- LIMIT 7
            """
        let clauses = SQLResultClauses(sql: sql)
        #expect(!clauses.hasOrderBy)
        #expect(clauses.limit == nil && clauses.offset == 0 && clauses.unreadable == nil)
    }

    @Test func limitAndOffsetAreReadInEveryForm() {
        #expect(SQLResultClauses(sql: "SELECT v FROM t ORDER BY v DESC LIMIT 2").limit == 2)
        let both = SQLResultClauses(sql: "SELECT v FROM t ORDER BY v LIMIT 2 OFFSET 3")
        #expect(both.limit == 2 && both.offset == 3)
        let sqlite = SQLResultClauses(sql: "SELECT v FROM t ORDER BY v LIMIT 3, 2")
        #expect(sqlite.limit == 2 && sqlite.offset == 3)
        #expect(SQLResultClauses(sql: "SELECT v FROM t WHERE v > $1 LIMIT $2", bindings: [5, 4]).limit == 4)
        #expect(SQLResultClauses(sql: "SELECT v FROM t WHERE v > ? LIMIT ?", bindings: [5, 4]).limit == 4)
        #expect(SQLResultClauses(sql: "SELECT v FROM t LIMIT ALL").limit == nil)
        // Of several statements, the last one's.
        #expect(SQLResultClauses(sql: "SELECT v FROM t LIMIT 9; SELECT v FROM u ORDER BY v LIMIT 2").limit == 2)
    }

    @Test func eachLegRunsWithTheOffsetFoldedIntoTheLimit() {
        #expect(SQLResultClauses(sql: "SELECT v FROM t ORDER BY v LIMIT 2 OFFSET 3").legText == "SELECT v FROM t ORDER BY v LIMIT 5 ")
        #expect(SQLResultClauses(sql: "SELECT v FROM t ORDER BY v OFFSET 3 LIMIT 2").legText == "SELECT v FROM t ORDER BY v  LIMIT 5")
        #expect(SQLResultClauses(sql: "SELECT v FROM t ORDER BY v LIMIT 3, 2;").legText == "SELECT v FROM t ORDER BY v LIMIT 5;")
        #expect(SQLResultClauses(sql: "SELECT v FROM t ORDER BY v OFFSET 3 ROWS").legText == "SELECT v FROM t ORDER BY v ")
        #expect(SQLResultClauses(sql: "SELECT v FROM t ORDER BY v LIMIT 2 OFFSET 0").legText == nil)
    }

    @Test func whatCannotBeReadOrFoldedIsReportedNotGuessed() {
        #expect(SQLResultClauses(sql: "SELECT v FROM t LIMIT 1 + 1").unreadable == "LIMIT +")
        #expect(SQLResultClauses(sql: "SELECT v FROM t LIMIT $1 OFFSET 2", bindings: [3]).unreadable == "OFFSET given by a placeholder")
        #expect(SQLResultClauses(sql: "SELECT v FROM t LIMIT $2", bindings: [3]).unreadable != nil)
        #expect(SQLResultClauses(sql: "SELECT v FROM t FETCH FIRST 2 ROWS ONLY").unreadable == "FETCH")
    }

    @Test func anAverageInTheSelectListIsNoticedAndOnlyThere() {
        #expect(SQLResultClauses(sql: "SELECT city, AVG(total) AS total FROM t GROUP BY city").averages)
        #expect(!SQLResultClauses(sql: "SELECT city, sum(total) AS total FROM t GROUP BY city HAVING avg(total) > 1").averages)
        #expect(!SQLResultClauses(sql: "SELECT city, (SELECT avg(x) FROM u) AS total FROM t").averages)
    }
}
