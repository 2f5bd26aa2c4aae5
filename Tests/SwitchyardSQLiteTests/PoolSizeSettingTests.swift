import Switchyard
import SwitchyardSQLite
import Testing

@Suite("The configuration's poolSize reaches the SQLite adapter")
struct SQLitePoolSizeSettingTests {
    @Test func poolSizeSetsTheReaderCountAndTheURLWins() throws {
        let setting = [BackendConfiguration.poolSizeSetting: "2"]
        #expect(try SQLiteOptions(url: BackendURL("sqlite:a.db"), settings: setting).readerCount == 2)
        #expect(try SQLiteOptions(url: BackendURL("sqlite:a.db?readers=6"), settings: setting).readerCount == 6)
        #expect(throws: SwitchyardError.self) {
            try SQLiteOptions(url: BackendURL("sqlite:a.db"), settings: [BackendConfiguration.poolSizeSetting: "500"])
        }
    }
}
