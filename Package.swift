// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Switchyard",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Switchyard", targets: ["Switchyard"]),
        .library(name: "SwitchyardSQLite", targets: ["SwitchyardSQLite"]),
        .library(name: "SwitchyardPostgres", targets: ["SwitchyardPostgres"]),
        .library(name: "SwitchyardMongo", targets: ["SwitchyardMongo"]),
        .library(name: "SwitchyardConformance", targets: ["SwitchyardConformance"]),
        .library(name: "SwitchyardREPL", targets: ["SwitchyardREPL"]),
        .library(name: "SwitchyardLifecycle", targets: ["SwitchyardLifecycle"]),
        .executable(name: "switchyard", targets: ["switchyard"]),
        .plugin(name: "SwitchyardAdapterScaffold", targets: ["SwitchyardAdapterScaffold"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.8.0"),
    ],
    targets: [
        // The core: protocols, values, pipeline, routing, repositories, container. No C library.
        .target(
            name: "Switchyard",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),

        // SQLite adapter over the system libsqlite3.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "SwitchyardSQLite", dependencies: ["Switchyard", "CSQLite"]),

        // PostgreSQL adapter over the system libpq.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(name: "SwitchyardPostgres", dependencies: ["Switchyard", "CLibPQ"]),

        // MongoDB adapter over the system libmongoc/libbson.
        .systemLibrary(
            name: "CMongoC",
            pkgConfig: "libmongoc-1.0",
            providers: [.apt(["libmongoc-dev", "libbson-dev"])]
        ),
        .target(name: "SwitchyardMongo", dependencies: ["Switchyard", "CMongoC"]),

        // The suite every adapter runs, ours and third parties'.
        .target(name: "SwitchyardConformance", dependencies: ["Switchyard"]),

        // Runs a started Switchyard as a swift-service-lifecycle `Service`: graceful shutdown closes every pool.
        .target(
            name: "SwitchyardLifecycle",
            dependencies: ["Switchyard", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]
        ),

        // The REPL: line editing, meta-commands, output formats.
        .target(name: "SwitchyardREPL", dependencies: ["Switchyard"]),

        // The executable: the only place that knows every adapter.
        .executableTarget(
            name: "switchyard",
            dependencies: [
                "Switchyard", "SwitchyardSQLite", "SwitchyardPostgres", "SwitchyardMongo", "SwitchyardREPL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Runnable examples of embedding the library (the test command builds and runs them).
        .executableTarget(
            name: "switchyard-quickstart",
            dependencies: ["Switchyard", "SwitchyardSQLite"],
            path: "Examples/QuickStart"
        ),
        .executableTarget(
            name: "switchyard-sharded-orders",
            dependencies: ["Switchyard", "SwitchyardSQLite", "SwitchyardLifecycle"],
            path: "Examples/ShardedOrders",
            exclude: ["switchyard.json"]
        ),

        // `swift package switchyard-new-adapter --name X`: scaffolds an adapter and its conformance tests.
        .plugin(
            name: "SwitchyardAdapterScaffold",
            capability: .command(
                intent: .custom(verb: "switchyard-new-adapter", description: "Scaffold a new Switchyard backend adapter"),
                permissions: [.writeToPackageDirectory(reason: "writes the new adapter's source and test files")]
            ),
            path: "Plugins/AdapterScaffold"
        ),

        // What the tests share that is not about databases: child processes started without Foundation's `Process`.
        .target(name: "SwitchyardTestSupport", path: "Tests/SwitchyardTestSupport"),
        .testTarget(name: "SwitchyardTests", dependencies: ["Switchyard", "SwitchyardTestSupport"]),
        .testTarget(name: "SwitchyardLifecycleTests", dependencies: ["SwitchyardLifecycle", "SwitchyardSQLite"]),
        .testTarget(
            name: "SwitchyardSQLiteTests",
            dependencies: ["SwitchyardSQLite", "SwitchyardConformance", "SwitchyardTestSupport"]
        ),
        .testTarget(
            name: "SwitchyardPostgresTests",
            dependencies: ["SwitchyardPostgres", "SwitchyardConformance", "SwitchyardTestSupport"]
        ),
        .testTarget(
            name: "SwitchyardMongoTests",
            dependencies: ["SwitchyardMongo", "SwitchyardConformance", "SwitchyardTestSupport"]
        ),
        .testTarget(name: "SwitchyardREPLTests", dependencies: ["SwitchyardREPL", "SwitchyardSQLite", "SwitchyardTestSupport"]),
        // Depends on the executable so building the tests always builds the `switchyard` binary they run.
        .testTarget(name: "SwitchyardCLITests", dependencies: ["Switchyard", "switchyard", "SwitchyardTestSupport"]),
        // End-to-end: configuration file → runtime → real PostgreSQL primary + replica, SecantusDB, SQLite.
        .testTarget(
            name: "SwitchyardIntegrationTests",
            dependencies: ["Switchyard", "SwitchyardSQLite", "SwitchyardPostgres", "SwitchyardMongo", "SwitchyardTestSupport"]
        ),

        // Benchmarks (`scripts/bench.sh`): the raw C reference each adapter is measured against,
        // and the harness that runs both. Built with everything else so it never rots; CI does not time it.
        .target(name: "SwitchyardBenchReference", dependencies: ["CSQLite", "CLibPQ", "CMongoC"], path: "Benchmarks/Reference"),
        .executableTarget(
            name: "switchyard-bench",
            dependencies: [
                "Switchyard", "SwitchyardSQLite", "SwitchyardPostgres", "SwitchyardMongo", "SwitchyardREPL",
                "SwitchyardBenchReference",
            ],
            path: "Benchmarks/Harness"
        ),
    ],
    swiftLanguageModes: [.v6]
)
