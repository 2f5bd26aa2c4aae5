import Testing
import Switchyard
@testable import SwitchyardREPL

/// The status line for a statement that returns no rows.
@Suite struct CommandTagTests {
    @Test func namesTheVerbAndTheKindOfObjectWithoutModifiers() {
        let none = ExecutionSummary()
        #expect(REPLSession.commandTag(for: "CREATE TEMP TABLE t (id int)", summary: none) == "CREATE TABLE")
        #expect(REPLSession.commandTag(for: "create unique index i on t (id)", summary: none) == "CREATE INDEX")
        #expect(REPLSession.commandTag(for: "CREATE OR REPLACE VIEW v AS SELECT 1", summary: none) == "CREATE VIEW")
        #expect(REPLSession.commandTag(for: "DROP TABLE IF EXISTS t", summary: none) == "DROP TABLE")
        #expect(REPLSession.commandTag(for: "BEGIN", summary: none) == "BEGIN")
        #expect(REPLSession.commandTag(for: "DELETE FROM t", summary: ExecutionSummary(rowsAffected: 2)) == "DELETE: 2 rows affected")
    }

    @Test func prefersTheServersTagForAStatementThatWroteNoRows() {
        // PostgreSQL answers a COMMIT of a failed transaction with ROLLBACK.
        var summary = ExecutionSummary()
        summary.commandTag = "ROLLBACK"
        #expect(REPLSession.commandTag(for: "COMMIT", summary: summary) == "ROLLBACK")
    }

    @Test func namesTheMethodTheStatementCallsAndTheDocumentsItChanged() {
        let tag = REPLSession.commandTag(
            forNonSQL: Statement("db.items.updateMany({}, {$set: {a: 1}})", language: .mongo),
            summary: ExecutionSummary(rowsAffected: 3))
        #expect(tag == "updateMany: 3 rows affected")
    }

    @Test func namesTheFirstWordOfAStatementWithoutACall() {
        let tag = REPLSession.commandTag(forNonSQL: Statement("use shop", language: .mongo), summary: ExecutionSummary())
        #expect(tag == "use")
    }
}
