// The names the samples of docs/embedding.md use without making them: what a service
// embedding Switchyard would have at hand. Never run, only type-checked
// (scripts/check-doc-samples.sh).
import Logging
import ServiceLifecycle
import Switchyard

var configuration: SwitchyardConfiguration { fatalError() }
var drivers: DriverRegistry { fatalError() }
var runtime: SwitchyardRuntime { fatalError() }
var orchestrator: Orchestrator { fatalError() }
var backend: any Backend { fatalError() }
var result: QueryResult { fatalError() }
var logger: Logger { fatalError() }
var httpServer: any Service { fatalError() }
var ids: [Int64] { fatalError() }

/// Rows to load, in the "Loading many rows" sample.
struct Person { var id: Int; var name: String }
var people: [Person] { fatalError() }
