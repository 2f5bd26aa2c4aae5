@testable import SwitchyardPostgres
import Testing

/// Which statements leave a setting on the session (the connection is then reset before it
/// goes back to the pool), read from their first keywords only.
@Suite struct PostgresSessionChangeTests {
    @Test(arguments: [
        "SET search_path = x", "set statement_timeout = 5", "  \n\tSeT role admin", "SET SESSION AUTHORIZATION bob",
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", "/* a /* nested */ comment */ SET x = 1", "-- why\nSET x = 1",
        "SET\"search_path\" = x", "SET localtime_zone = 1",
    ])
    func aSessionSettingIsSeen(_ text: String) {
        #expect(PostgresSessionChange.changesSession(text))
    }

    @Test(arguments: [
        "SELECT 1", "SET LOCAL search_path = x", "set transaction isolation level serializable", "SET CONSTRAINTS ALL DEFERRED",
        "SETTINGS", "settle", "RESET ALL", "DISCARD ALL", "", "   ", "-- SET x = 1", "/* SET x = 1 */ SELECT 1", "UPDATE t SET a = 1",
        "s", "se",
    ])
    func otherStatementsAreNot(_ text: String) {
        #expect(!PostgresSessionChange.changesSession(text))
    }
}
