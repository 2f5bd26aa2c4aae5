import Switchyard
import Testing

@Suite struct ProcessorStatementShapeTests {
    @Test(arguments: [
        ("SELECT * FROM users", ["users"]),
        ("select * from Users u join \"Orders\" o on o.uid = u.id", ["users", "orders"]),
        ("SELECT * FROM a, b WHERE a.x = b.x", ["a", "b"]),
        ("SELECT * FROM main.users", ["users"]),
        ("INSERT INTO items (a) VALUES (1)", ["items"]),
        ("INSERT OR IGNORE INTO items VALUES (1)", ["items"]),
        ("UPDATE items SET a = 1 WHERE b IN (SELECT b FROM other)", ["items", "other"]),
        ("DELETE FROM items -- FROM hidden", ["items"]),
        ("SELECT 'FROM nothing'", []),
        ("SELECT * FROM a JOIN b ON a.x = b.y, c WHERE c.z IN (1, 2)", ["a", "b", "c"]),
        ("SELECT * FROM (SELECT * FROM inner_t) x, outer_t", ["inner_t", "outer_t"]),
        ("DELETE FROM t USING a, b WHERE t.x = a.x", ["t", "a", "b"]),
        ("SELECT a, b FROM t ORDER BY a, b", ["t"]),
        ("DROP TABLE IF EXISTS old", ["old"]),
    ])
    func tablesAreFoundOutsideStringsAndComments(sql: String, tables: [String]) {
        #expect(SQLStatementShape(sql: sql).tables == Set(tables))
    }

    @Test func verbsIncludeEveryStatementAndWritesInsideWith() {
        #expect(SQLStatementShape(sql: "select 1; delete from t").verbs == ["SELECT", "DELETE"])
        #expect(SQLStatementShape(sql: "WITH x AS (UPDATE t SET a = 1 RETURNING *) SELECT * FROM x").verbs == ["UPDATE", "SELECT"])
    }

    @Test func statementsEitherDialectSeesCount() {
        // PostgreSQL nests the comments and then sees a DELETE of `gone`; SQLite sees a comment and a string.
        let shape = SQLStatementShape(sql: "SELECT 1 FROM kept /* /* */ ; SELECT '*/; DELETE FROM gone; --'")
        #expect(shape.verbs == ["SELECT", "SELECT", "DELETE"])
        #expect(shape.tables == ["kept", "gone"])
    }

    @Test func quotedTableNamesLoseTheirQuotes() {
        #expect(SQLStatementShape(sql: #"SELECT * FROM "Order ""Items""", [x y], `z`"#).tables == [#"order "items""#, "x y", "z"])
    }
}
