// The names the samples of docs/writing-an-adapter.md use without making them: what an
// adapter's own code would have at hand. Never run, only type-checked
// (scripts/check-doc-samples.sh).
import Switchyard

// sample module: SwitchyardRedis
// (the adapter the guide writes: its samples declare RedisDriver, so an `import` of it is dropped)

/// The adapter's backend, which the driver sample opens.
final class RedisBackend {
    static func open(_ configuration: BackendConfiguration) async throws -> any Backend { fatalError() }
}

/// The driver of the conformance sample (a SQL database's).
typealias MyDriver = RedisDriver
var testURL: String { fatalError() }

/// What the "Timeouts" sample interrupts: an adapter's record of one running statement.
final class StatementOperation: Sendable {
    enum Reason { case timeout, cancelled }
    func interrupt(because reason: Reason) {}
}
var operation: StatementOperation { fatalError() }
var options: QueryOptions { fatalError() }
