import Foundation
import Switchyard
@testable import SwitchyardSQLite
import Testing

@Suite("SQLite result codes")
struct SQLiteResultCodeTests {
    @Test(arguments: [
        (Int32(1), "SQLITE_ERROR (1)"),
        (2067, "SQLITE_CONSTRAINT_UNIQUE (2067)"),
        (1555, "SQLITE_CONSTRAINT_PRIMARYKEY (1555)"),
        (516, "SQLITE_ABORT_ROLLBACK (516)"),
        (5898, "SQLITE_IOERR_DELETE_NOENT (5898)"),
        (773, "SQLITE_BUSY_TIMEOUT (773)"),
        (1032, "SQLITE_READONLY_DBMOVED (1032)"),
        (9, "SQLITE_INTERRUPT (9)"),
    ])
    func extendedCodesCarryTheirSymbolicName(code: Int32, text: String) {
        #expect(SQLiteResultCode(code).description == text)
    }

    @Test func unknownExtendedCodeStillNamesItsPrimary() {
        #expect(SQLiteResultCode(19 | 99 << 8).description == "SQLITE_CONSTRAINT_99 (25363)")
    }

    @Test(arguments: [
        (Int32(2067), SwitchyardError.Kind.constraint),
        (5, .busy), (262, .busy), (8, .readOnly), (9, .cancelled), (14, .connection), (11, .database),
    ])
    func primaryCodeDecidesTheKind(code: Int32, kind: SwitchyardError.Kind) {
        #expect(SQLiteResultCode(code).kind(duringPrepare: false) == kind)
    }

    @Test func errorWhilePreparingIsASyntaxError() {
        #expect(SQLiteResultCode(1).kind(duringPrepare: true) == .syntax)
        #expect(SQLiteResultCode(1).kind(duringPrepare: false) == .database)
    }
}
