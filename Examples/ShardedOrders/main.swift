// A service whose orders live in one SQLite database per region, wired from a
// configuration file: writes go to the caller's tenant's region, reads of `orders`
// fan out to every region and are aggregated by city. It runs as a
// swift-service-lifecycle service, so shutting the group down closes every pool.
//
//   swift run switchyard-sharded-orders [path/to/switchyard.json]
import Foundation
import Logging
import ServiceLifecycle
import Switchyard
import SwitchyardLifecycle
import SwitchyardSQLite

let configurationPath = CommandLine.arguments.dropFirst().first
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("switchyard.json").path
let directory = NSTemporaryDirectory() + "sharded-orders-\(getpid())"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: directory) }

// 1. Read the file (`${ORDERS_DIR}` comes from the environment) and start everything it names.
var environment = ProcessInfo.processInfo.environment
environment["ORDERS_DIR"] = environment["ORDERS_DIR"] ?? directory
let configuration = try SwitchyardConfiguration.load(from: configurationPath, environment: environment)
let runtime = try await SwitchyardRuntime.start(configuration, drivers: DriverRegistry([SQLiteDriver()]))
let group = ServiceGroup(services: [SwitchyardService(runtime)], logger: Logger(label: "sharded-orders"))

try await withThrowingTaskGroup(of: Void.self) { tasks in
    tasks.addTask { try await group.run() }

    let orchestrator = runtime.orchestrator
    for region in ["eu", "us"] {
        _ = try await orchestrator.run(QueryRequest(
            Statement("CREATE TABLE orders (id INTEGER PRIMARY KEY, city TEXT NOT NULL, total INTEGER NOT NULL)"),
            target: .backend(region))).rows.summary()
    }

    // 2. Writes: the tenant rule sends each customer's orders to its region.
    let orders: [(tenant: String, city: String, total: Int64)] = [
        ("acme", "Lyon", 120), ("acme", "Paris", 80), ("globex", "Paris", 45), ("globex", "Austin", 300),
    ]
    for order in orders {
        let request = QueryRequest(
            Statement("INSERT INTO orders (city, total) VALUES ($1, $2)", [.text(order.city), .int(order.total)]),
            context: CallerContext(tenant: order.tenant))
        let result = try await orchestrator.run(request)
        _ = try await result.rows.summary()
        print("\(order.tenant) → \(result.route.targets.joined())")
    }

    // 3. Reads: one statement, every region, partial sums combined by city. The combined
    //    groups follow the statement's ORDER BY (Austin, Lyon, Paris), whatever region held them.
    let revenue = try await orchestrator.run(
        "SELECT city, sum(total) AS revenue, count(*) AS orders FROM orders GROUP BY city ORDER BY city")
    print("Routed: \(revenue.route.reason)")
    for try await row in revenue.rows {
        print(try row.decode("city", as: String.self), try row.decode("revenue", as: Int.self), try row.decode("orders", as: Int.self))
    }

    // 4. Graceful shutdown: the service closes every backend.
    await group.triggerGracefulShutdown()
    try await tasks.waitForAll()
}
