import Switchyard
import SwitchyardPostgres
import Testing

@Suite("The configuration's poolSize reaches the PostgreSQL adapter")
struct PostgresPoolSizeSettingTests {
    @Test func poolSizeIsThePoolMaximumAndPoolMaxWins() throws {
        let url = try BackendURL("postgres://app@db/shop")
        let sized = try PostgresOptions(url: url, settings: [BackendConfiguration.poolSizeSetting: "3"])
        #expect(sized.maximumConnections == 3)
        #expect(sized.minimumConnections <= 3)
        let explicit = try PostgresOptions(url: BackendURL("postgres://app@db/shop?pool_max=12"), settings: [BackendConfiguration.poolSizeSetting: "3"])
        #expect(explicit.maximumConnections == 12)
    }
}
