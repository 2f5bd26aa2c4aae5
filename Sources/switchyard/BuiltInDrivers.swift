import Switchyard
import SwitchyardMongo
import SwitchyardPostgres
import SwitchyardSQLite

/// The adapters this executable ships with. This is the one place in Switchyard that
/// knows every adapter: registering a new one here is all the executable needs.
enum BuiltInDrivers {
    static func registry() -> DriverRegistry {
        DriverRegistry([SQLiteDriver(), PostgresDriver(), MongoDriver()])
    }
}
