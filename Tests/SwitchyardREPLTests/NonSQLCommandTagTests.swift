import Testing
import Switchyard
@testable import SwitchyardREPL

/// The status line for a statement in a language other than SQL that returns no rows.
@Suite struct NonSQLCommandTagTests {
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
