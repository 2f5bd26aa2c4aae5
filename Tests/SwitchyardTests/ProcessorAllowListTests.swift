import Switchyard
import Testing

@Suite struct ProcessorAllowListTests {
    let allowList = OperationAllowList(allowing: ["select", "INSERT"])

    @Test(arguments: [
        "SELECT * FROM t", "insert into t values (1)", "WITH x AS (SELECT 1) SELECT * FROM x", "INSERT INTO t SELECT * FROM u",
        "SELECT a FROM (SELECT 1 AS a) s", #"SELECT "into" FROM t"#,
    ])
    func allowedOperationsPass(sql: String) throws {
        try allowList.validate(QueryRequest(Statement(sql)))
    }

    @Test(arguments: [
        "DELETE FROM t", "UPDATE t SET a = 1", "SELECT 1; DELETE FROM t", "WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x",
        "DROP TABLE t",
        // PostgreSQL reads one string and then a DELETE; SQLite a name, a string and a DELETE.
        #"SELECT E'\'' AS q; DELETE FROM t WHERE id = 2"#, #"SELECT e'\'; DELETE FROM t; SELECT 'x'"#,
        // PostgreSQL's nested comment ends inside what SQLite reads as a string; then comes a DELETE.
        "SELECT 1 /* /* */ ; SELECT '*/; DELETE FROM t; --'",
        // SQLite's comment ends at the first `*/`; then comes a DELETE.
        "SELECT 1 /* /* */ ; DELETE FROM t; /* */",
        // PostgreSQL's SELECT … INTO creates a table.
        "SELECT * INTO copied FROM t", "WITH x AS (SELECT 1) SELECT * INTO copied FROM x",
        // The servers end a string at its quote even when a combining mark follows, which Swift joins to it.
        "SELECT 'a'\u{301}x; DELETE FROM t; SELECT 'z';", "SELECT 1; -- note\r\nDELETE FROM t",
        // SQLite has no dollar quotes.
        "SELECT $$; DELETE FROM t; SELECT $$",
    ])
    func otherOperationsAreRefusedBeforeRunning(sql: String) {
        let error = #expect(throws: SwitchyardError.self) { try allowList.validate(QueryRequest(Statement(sql))) }
        #expect(error?.kind == .rejected)
    }

    @Test func refusalNamesTheOperation() {
        do {
            try allowList.validate(QueryRequest(Statement("DELETE FROM t")))
            Issue.record("expected a refusal")
        } catch let error as SwitchyardError {
            #expect(error.message.contains("DELETE"))
            #expect(error.hint?.contains("INSERT, SELECT") == true)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aLanguageWithoutVerbExtractorIsRefused() {
        #expect(throws: SwitchyardError.self) {
            try allowList.validate(QueryRequest(Statement("db.t.find({})", language: .mongo)))
        }
    }

    @Test func aVerbExtractorJudgesOtherLanguages() throws {
        let mongo = OperationAllowList(allowing: ["find"], verbExtractors: [.mongo: { text in [text.split(separator: ".")[2].prefix { $0 != "(" }.uppercased()] }])
        try mongo.validate(QueryRequest(Statement("db.t.find({})", language: .mongo)))
        #expect(throws: SwitchyardError.self) { try mongo.validate(QueryRequest(Statement("db.t.deleteMany({})", language: .mongo))) }
    }

    @Test func aScopedListLeavesOtherBackendsAlone() throws {
        let scoped = OperationAllowList(allowing: ["SELECT"], scope: .only(["reports"]))
        try scoped.validate(QueryRequest(Statement("DELETE FROM t"), target: .backend("main")))
        #expect(throws: SwitchyardError.self) {
            try scoped.validate(QueryRequest(Statement("DELETE FROM t"), target: .backend("reports")))
        }
    }
}
