// A small service that embeds Switchyard: it fills a container, opens a SQLite
// backend through it, and runs queries through the orchestrator and a repository.
//
//   swift run switchyard-quickstart [path/to/file.db]
import Foundation
import Switchyard
import SwitchyardSQLite

struct Customer: Entity {
    static let storageName = "customers"
    var id: Int
    var name: String
    var city: String?
}

let givenPath = CommandLine.arguments.dropFirst().first
let path = givenPath ?? NSTemporaryDirectory() + "quickstart-\(getpid()).db"
defer { if givenPath == nil { try? FileManager.default.removeItem(atPath: path) } }

// 1. Wiring at start-up: drivers, configuration, then everything else through the container.
let configuration = SwitchyardConfiguration(
    backends: [.init(name: "local", url: "sqlite:\(path)")],
    defaultBackend: "local",
    rowLimit: 100)
let runtime = try await SwitchyardRuntime.start(configuration, drivers: DriverRegistry([SQLiteDriver()]))

do {
    // 2. Plain SQL through the orchestrator: processors → router → backend.
    let orchestrator = try runtime.container.resolve(Orchestrator.self)
    _ = try await orchestrator.run("CREATE TABLE IF NOT EXISTS customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT)")
        .rows.summary()

    // 3. Typed access through a repository: the same code works on every backend.
    let backend = try runtime.backends.backend(named: "local")
    let customers = try BackendRepository<Customer>(backend: backend)
    try await customers.save(Customer(id: 1, name: "Ada", city: "London"))
    try await customers.save(Customer(id: 2, name: "Grace", city: "Arlington"))
    try await customers.save(Customer(id: 3, name: "Edsger", city: nil))

    let londoners = try await customers.find(where: Field("city") == "London")
    print("In London:", londoners.map(\.name))

    // 4. Streaming rows with bound parameters.
    let result = try await orchestrator.run("SELECT id, name FROM customers WHERE id >= ? ORDER BY id", [2])
    for try await row in result.rows {
        print(try row.decode("id", as: Int.self), try row.decode("name", as: String.self))
    }
    print("Routed:", result.route.reason)
} catch {
    print("error:", error)
    await runtime.shutdown()
    if givenPath == nil { try? FileManager.default.removeItem(atPath: path) }
    exit(1)
}
await runtime.shutdown()
