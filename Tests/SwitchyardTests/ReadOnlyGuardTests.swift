import Testing
import Switchyard

@Suite struct ReadOnlyGuardTests {
    let guardian = ReadOnlyGuard()

    @Test(arguments: [
        "INSERT INTO t VALUES (1)", "update t set a = 1", "DELETE FROM t", "CREATE TABLE t (a int)", "DROP TABLE t",
        "WITH old AS (SELECT id FROM t) DELETE FROM t WHERE id IN (SELECT id FROM old)",
        "  -- comment first\n  INSERT INTO t VALUES (1)", "/* lead */ DROP TABLE t", "EXPLAIN ANALYZE DELETE FROM t",
        "ALTER TABLE t ADD COLUMN b int", "PRAGMA journal_mode = DELETE",
    ])
    func refusesStatementsThatWrite(_ sql: String) throws {
        let error = try #require(throws: SwitchyardError.self) { try guardian.validate(QueryRequest(Statement(sql))) }
        #expect(error.kind == .readOnly)
        #expect(error.statement == sql)
    }

    @Test(arguments: [
        "SELECT * FROM t", "select 'DELETE FROM t'", "EXPLAIN SELECT 1", "EXPLAIN QUERY PLAN SELECT * FROM t",
        "WITH x AS (SELECT 1) SELECT * FROM x", "VALUES (1), (2)", "-- DROP TABLE t\nSELECT 1",
        "WITH x AS (SELECT 'INSERT' AS verb) SELECT verb FROM x", "PRAGMA journal_mode",
    ])
    func allowsStatementsThatOnlyRead(_ sql: String) throws {
        try guardian.validate(QueryRequest(Statement(sql)))
    }

    @Test(arguments: ["SELECT 1; DELETE FROM t", "select 1;drop table t;", "BEGIN; INSERT INTO t VALUES (1); COMMIT"])
    func refusesAWriteHiddenAfterASemicolon(_ sql: String) throws {
        let error = try #require(throws: SwitchyardError.self) { try guardian.validate(QueryRequest(Statement(sql))) }
        #expect(error.kind == .readOnly)
    }

    @Test func marksTheRequestReadOnlyForTheBackend() async throws {
        let terminal = RecordingTerminal()
        _ = try await guardian.process(QueryRequest("SELECT 1"), next: terminal.handler)
        #expect(terminal.received.value.first?.options.readOnly == true)
    }

    @Test func usesTheClassifierGivenForALanguage() throws {
        let mongo = ReadOnlyGuard(classifiers: [.mongo: { $0.contains("insert") ? .write : .read }])
        try mongo.validate(QueryRequest(Statement("db.users.find({})", language: .mongo)))
        #expect(throws: SwitchyardError.self) {
            try mongo.validate(QueryRequest(Statement("db.users.insertOne({})", language: .mongo)))
        }
    }

    @Test func passesUnknownLanguagesToTheBackendMarkedReadOnly() throws {
        try guardian.validate(QueryRequest(Statement("MATCH (n) RETURN n", language: "cypher")))
    }
}
