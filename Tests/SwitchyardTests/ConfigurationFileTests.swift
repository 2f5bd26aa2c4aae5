import Foundation
import Switchyard
import Testing

@Suite("Configuration file")
struct ConfigurationFileTests {
    static let full = """
        {
          "backends": [
            { "name": "primary", "url": "postgres://app@db1/shop", "role": "primary", "poolSize": 16, "tenants": ["acme"] },
            { "name": "replica", "url": "postgres://app@db2/shop", "role": "replica",
              "processors": [{ "kind": "timeout", "limit": "2s" }] },
            { "name": "eu", "url": "sqlite:eu.db", "shard": "orders", "settings": { "cache_size": 32 } }
          ],
          "defaultBackend": "primary",
          "routing": {
            "rules": [
              { "kind": "tenant" },
              { "kind": "shard", "keyBinding": 1, "group": "orders" },
              { "kind": "statementKind", "balancing": "leastBusy" },
              { "kind": "pattern", "name": "reports", "regex": "^SELECT .* FROM report_", "backends": ["replica"] },
              { "kind": "failover", "backends": ["replica", "primary"] },
              { "kind": "fanOut", "backends": ["primary", "eu"], "onLegFailure": "partial",
                "merge": { "strategy": "aggregate", "groupBy": ["city"], "aggregates": ["sum(total) as total", "count(n)"] } }
            ],
            "circuitBreaker": { "failureThreshold": 3, "openFor": "10s" }
          },
          "processors": [
            { "kind": "metrics" }, { "kind": "allowList", "operations": ["select", "insert"] },
            { "kind": "cache", "ttl": "30s", "maxEntries": 10, "tableTTL": { "prices": "1s" } }, { "kind": "logging", "level": "debug" }
          ]
        }
        """

    @Test("a complete file reads into backends, rules and processors")
    func readsEverySection() throws {
        let configuration = try SwitchyardConfiguration.parse(Self.full)
        #expect(configuration.readProblems == [])
        #expect(configuration.backends.map(\.name) == ["primary", "replica", "eu"])
        #expect(configuration.backends[0].poolSize == 16)
        #expect(configuration.backends[0].tenants == ["acme"])
        #expect(configuration.backends[1].processors == [.timeout(.seconds(2))])
        #expect(configuration.backends[2].settings == ["cache_size": "32"])
        #expect(configuration.routing.rules.count == 6)
        #expect(configuration.routing.rules[1].kind == .shard(key: .binding(0), backends: nil, group: "orders", virtualNodes: 160))
        #expect(configuration.routing.rules[3].name == "reports")
        #expect(
            configuration.routing.rules[5].kind
                == .fanOut(
                    backends: ["primary", "eu"],
                    merge: .aggregate(groupBy: ["city"], aggregates: [.init(.sum, "total", as: "total"), .init(.count, "n")]),
                    legFailure: .partialResult, tables: nil, includeWrites: false))
        #expect(configuration.routing.circuitBreaker.failureThreshold == 3)
        #expect(configuration.routing.circuitBreaker.openDuration == .seconds(10))
        #expect(configuration.processors.first == .metrics)
        #expect(configuration.processors.contains(.allowList(["SELECT", "INSERT"])))
        #expect(configuration.processors.contains(.logging(.debug)))
    }

    @Test("every mistake in a file is reported at once, naming where it is")
    func reportsAllProblemsTogether() throws {
        let text = """
            {
              "backends": [ { "name": "a", "url": "sqlite:a.db", "poolSize": "many" }, { "nme": "b", "url": "sqlite:b.db" } ],
              "rowLimt": 5,
              "routing": { "rules": [ { "kind": "fanout", "backends": ["a"] }, { "kind": "pattern", "backends": ["a"] } ] },
              "processors": [ { "kind": "timeout", "limit": "soon" }, { "kind": "cache", "ttl": "1m", "maxEntrys": 3 } ]
            }
            """
        let problems = try SwitchyardConfiguration.parse(text).readProblems
        #expect(problems.contains { $0.hasPrefix("backends[0].poolSize: expected a whole number") })
        #expect(problems.contains("backends[1].nme: unknown setting (did you mean 'name'?)"))
        #expect(problems.contains("rowLimt: unknown setting (did you mean 'rowLimit'?)"))
        #expect(problems.contains { $0.contains("unknown rule kind \"fanout\" (did you mean 'fanOut'?)") })
        #expect(problems.contains("routing.rules[1]: a pattern rule needs exactly one of \"regex\" and \"keywords\""))
        #expect(problems.contains { $0.hasPrefix("processors[0].limit: expected a duration") })
        #expect(problems.contains("processors[1].maxEntrys: unknown setting (did you mean 'maxEntries'?)"))
        #expect(problems.count == 7)
    }

    @Test("an average as a fan-out aggregate is refused, saying how to combine one")
    func anAverageAggregateIsAProblemWithAWayOut() throws {
        let text = """
            {
              "backends": [ { "name": "a", "url": "sqlite:a.db" }, { "name": "b", "url": "sqlite:b.db" } ],
              "routing": { "rules": [ { "kind": "fanOut", "backends": ["a", "b"],
                "merge": { "strategy": "aggregate", "groupBy": ["city"], "aggregates": ["avg(total)"] } } ] }
            }
            """
        let problems = try SwitchyardConfiguration.parse(text).readProblems
        #expect(problems == [
            "routing.rules[0].merge.aggregates[0]: \"avg(total)\" cannot be combined: the average of each backend's average is not "
                + "the average; have each backend return sum(x) and count(x), combine them with \"sum(…)\", and divide",
        ])
    }

    @Test("a name given twice in one object is a problem wherever it is, not the first value silently winning")
    func repeatedNamesAreReported() throws {
        let text = """
            {
              "backends": [ { "name": "a", "url": "sqlite:a.db", "url": "sqlite:b.db", "settings": { "x": "1", "x": "2" } } ],
              "rowLimit": 5, "rowLimit": 6, "colour": 1, "colour": 2,
              "routing": { "rules": [ { "kind": "failover", "kind": "shard", "kind": "failover", "backends": ["a"] } ] }
            }
            """
        let problems = try SwitchyardConfiguration.parse(text).readProblems
        #expect(problems.contains(#"backends[0]: "url" given twice (only one value is allowed)"#))
        #expect(problems.contains(#"backends[0].settings: "x" given twice (only one value is allowed)"#))
        #expect(problems.contains(#"the top level: "rowLimit" given twice (only one value is allowed)"#))
        #expect(problems.contains(#"routing.rules[0]: "kind" given 3 times (only one value is allowed)"#))
        // An unknown setting given twice is one problem, besides the repeat.
        #expect(problems.filter { $0.hasPrefix("colour:") } == ["colour: unknown setting"])
        #expect(problems.count == 6)
    }

    @Test("a backend name used twice is reported even when that backend's URL is wrong too")
    func duplicateNameWithABadURL() throws {
        let text = #"{ "backends": [ { "name": "a", "url": "sqlite:a.db" }, { "name": "a", "url": "nonsense" } ] }"#
        let problems = try SwitchyardConfiguration.parse(text).problems(drivers: DriverRegistry())
        #expect(problems.contains { $0.hasPrefix("backend 'a': 'nonsense' is not a backend URL") })
        #expect(problems.contains("backend 'a': the name 'a' is used twice"))
    }

    @Test("a JSON syntax error says the line and column")
    func syntaxErrorHasLineAndColumn() {
        let error = #expect(throws: SwitchyardError.self) {
            _ = try SwitchyardConfiguration.parse("{\n  \"backends\": [\n    { \"url\": \"sqlite:a.db\" },,\n  ]\n}")
        }
        #expect(error?.kind == .configuration)
        #expect(error?.message.contains("at line 3, column 30") == true)
    }

    @Test("a password written in the file is refused, and the message never shows it")
    func passwordsInTheFileAreRefused() throws {
        let text = """
            { "backends": [
              { "name": "main", "url": "postgres://app:hunter2@db/shop" },
              { "name": "other", "url": "postgres://app@db/shop", "password": "hunter3" }
            ] }
            """
        let problems = try SwitchyardConfiguration.parse(text).readProblems
        #expect(problems.count == 2)
        #expect(problems.allSatisfy { !$0.contains("hunter") })
        #expect(problems[0].contains("SWITCHYARD_BACKENDS_MAIN_PASSWORD"))
        #expect(problems[1].contains("SWITCHYARD_BACKENDS_OTHER_PASSWORD"))
    }

    @Test("the password comes from the environment, under the default name or the one passwordEnv gives")
    func passwordsComeFromTheEnvironment() throws {
        let text = """
            { "backends": [
              { "name": "main-db", "url": "postgres://app@db/shop" },
              { "name": "other", "url": "postgres://app@db2/shop", "passwordEnv": "OTHER_PW" }
            ] }
            """
        let configuration = try SwitchyardConfiguration.parse(
            text, environment: ["SWITCHYARD_BACKENDS_MAIN_DB_PASSWORD": "s3cret", "OTHER_PW": "p@ss:word"])
        #expect(configuration.readProblems == [])
        #expect(configuration.backends[0].password == "s3cret")
        #expect(configuration.backends[1].password == "p@ss:word")
        #expect(!configuration.backends[1].description.contains("p@ss"))
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains("s3cret") && !dumped.contains("p@ss"))
        #expect(!"\(configuration)".contains("s3cret"))
    }

    @Test("SWITCHYARD_ variables override any setting, found by name, kind or position")
    func environmentOverridesEverySetting() throws {
        let configuration = try SwitchyardConfiguration.parse(
            Self.full,
            environment: [
                "SWITCHYARD_ROW_LIMIT": "25",
                "SWITCHYARD_BACKENDS_EU_URL": "sqlite:/data/eu.db",
                "SWITCHYARD_BACKENDS_EU_POOL_SIZE": "3",
                "SWITCHYARD_BACKENDS_PRIMARY_ROLE": "replica",
                "SWITCHYARD_ROUTING_RULES_REPORTS_BACKENDS": "primary, eu",
                "SWITCHYARD_ROUTING_RULES_0_KIND": "ownership",
                "SWITCHYARD_ROUTING_CIRCUIT_BREAKER_OPEN_FOR": "1m",
                "SWITCHYARD_PROCESSORS_CACHE_TTL": "5s",
                "SWITCHYARD_TEST_POSTGRES_URL": "not ours: ignored",
            ])
        #expect(configuration.readProblems == [])
        #expect(configuration.rowLimit == 25)
        #expect(configuration.backends[2].url == "sqlite:/data/eu.db")
        #expect(configuration.backends[2].poolSize == 3)
        #expect(configuration.backends[0].role == "replica")
        #expect(configuration.routing.rules[0].kind == .ownership)
        #expect(configuration.routing.rules[3].kind == .pattern(.regex("^SELECT .* FROM report_"), targets: ["primary", "eu"], merge: .concatenate))
        #expect(configuration.routing.circuitBreaker.openDuration == .seconds(60))
        #expect(
            configuration.processors.contains(
                .cache(ttl: .seconds(5), ttlByTable: ["prices": .seconds(1)], maxEntries: 10, maxRowsPerEntry: 1000, maxTotalRows: 100_000)))
    }

    /// A negative row limit from the environment once made every query return no rows, silently,
    /// and one that was not a number was ignored, for a configuration made without a file.
    @Test(arguments: ["-5", "many", "1e3", "7 rows"])
    func aRowLimitFromTheEnvironmentThatIsNotACountIsAProblem(_ text: String) {
        let configuration = SwitchyardConfiguration(backends: [])
            .applyingEnvironment(["SWITCHYARD_ROW_LIMIT": text]).applyingEnvironment(["SWITCHYARD_ROW_LIMIT": text])
        #expect(configuration.rowLimit == nil)
        #expect(configuration.readProblems == ["SWITCHYARD_ROW_LIMIT: expected a whole number of rows, 0 or more, found \"\(text)\""])
    }

    @Test("a misspelt override is a problem, not silently ignored")
    func misspeltOverrideIsReported() throws {
        let configuration = try SwitchyardConfiguration.parse(
            Self.full, environment: ["SWITCHYARD_ROUTING_RULEZ_0_KIND": "tenant", "SWITCHYARD_PROCESSORS_CACHE_TTL": "forever"])
        #expect(configuration.readProblems.contains { $0.hasPrefix("SWITCHYARD_ROUTING_RULEZ_0_KIND names no setting of the configuration") })
        #expect(configuration.readProblems.contains { $0.hasPrefix("processors[2].ttl: expected a duration") })
    }

    @Test("${VAR} references are filled from the environment; a missing one is a problem")
    func interpolatesEnvironmentReferences() throws {
        let text = """
            { "backends": [ { "name": "a", "url": "${A_URL}" }, { "name": "b", "url": "sqlite:${DIR:-/tmp}/b.db" },
                            { "name": "c", "url": "${C_URL}" } ] }
            """
        let configuration = try SwitchyardConfiguration.parse(text, environment: ["A_URL": "postgres://u:pw@h/db"])
        #expect(configuration.backends.map(\.url) == ["postgres://u:pw@h/db", "sqlite:/tmp/b.db", ""])
        #expect(configuration.readProblems == ["backends[2].url: the environment variable C_URL is not set"])
    }
}

@Suite("Backend URL passwords")
struct BackendURLPasswordTests {
    @Test("a password joins the user information, percent-encoded")
    func passwordIsEncodedIntoTheURL() throws {
        let url = try BackendURL("postgres://app@db.internal:5432/shop?sslmode=require").withPassword("p@ss:w/rd")
        #expect(url.text == "postgres://app:p%40ss%3Aw%2Frd@db.internal:5432/shop?sslmode=require")
        #expect(!url.redacted.contains("p%40ss"))
    }

    @Test("a URL without a user cannot take a password")
    func urlWithoutUserIsRefused() {
        #expect(throws: SwitchyardError.self) { try BackendURL("postgres://db.internal/shop").withPassword("x") }
        #expect(throws: SwitchyardError.self) { try BackendURL("sqlite:app.db").withPassword("x") }
    }

    @Test("durations read as 250ms, 5s, 1.5s, 2m, 1h")
    func durationsParse() {
        #expect(Duration(configurationText: "250ms") == .milliseconds(250))
        #expect(Duration(configurationText: "5s") == .seconds(5))
        #expect(Duration(configurationText: "1.5s") == .milliseconds(1500))
        #expect(Duration(configurationText: "2m") == .seconds(120))
        #expect(Duration(configurationText: "1h") == .seconds(3600))
        #expect(Duration(configurationText: "soon") == nil)
        #expect(Duration(configurationText: "-1s") == nil)
        // Beyond what a Duration's microseconds hold: refused, not a crash of the process.
        #expect(Duration(configurationText: "1e300s") == nil)
        #expect(Duration(configurationText: "9999999999999h") == nil)
        #expect(Duration(configurationText: "100000h") == .seconds(360_000_000))
    }

    /// A duration written as a number of seconds beyond what a Duration holds in microseconds
    /// (`1e300` trapped converting to Int64) is a problem of the file, like the same text.
    @Test(arguments: ["1e300", "1e16", "9223372036854775807", "-1", "-0.5", "1.7976931348623157e308"])
    func aNumberOfSecondsTooLargeOrNegativeIsAProblem(_ seconds: String) throws {
        let configuration = try SwitchyardConfiguration.parse("""
            { "backends": [{ "url": "sqlite::memory:" }], "processors": [{ "kind": "timeout", "limit": \(seconds) }] }
            """)
        #expect(configuration.readProblems.contains { $0.hasPrefix("processors[0].limit: expected a duration") })
        #expect(configuration.processors.isEmpty)
    }

    @Test func numbersOfSecondsWithinRangeReadToTheMicrosecond() throws {
        let configuration = try SwitchyardConfiguration.parse("""
            { "backends": [{ "url": "sqlite::memory:" }], "processors": [{ "kind": "timeout", "limit": 0.0015 }, { "kind": "timeout", "limit": 9000000000000 }] }
            """)
        #expect(configuration.readProblems == [])
        #expect(configuration.processors == [.timeout(.microseconds(1_500)), .timeout(.seconds(9_000_000_000_000))])
    }

    /// Milliseconds of a duration beyond Int64's microseconds once overflowed.
    @Test func theLongestDurationsShowInMilliseconds() {
        #expect(Duration.seconds(Int64.max).millisecondsText == "9223372036854775807000.000 ms")
        #expect(Duration.seconds(Int64.min).millisecondsText == "-9223372036854775808000.000 ms")
        #expect(Duration.microseconds(12_345).millisecondsText == "12.345 ms")
    }
}
