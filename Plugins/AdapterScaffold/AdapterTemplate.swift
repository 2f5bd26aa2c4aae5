/// The files a new adapter starts from. Each compiles as written; every place that
/// needs the real database is marked `TODO` and throws `.unsupported` until done,
/// so the conformance tests fail loudly rather than pass by accident.
struct AdapterTemplate {
    let name: String
    let scheme: String
    let isSQL: Bool

    var module: String { "Switchyard\(name)" }
    /// `name` with a lower-case first letter, for Swift identifiers.
    var identifier: String { name.prefix(1).lowercased() + name.dropFirst() }
    /// The environment variable the generated tests read their database URL from.
    var urlVariable: String { name.uppercased() + "_TEST_URL" }

    func files() -> [(String, String)] {
        var files = [
            ("Sources/\(module)/\(name)Driver.swift", driver),
            ("Sources/\(module)/\(name)Backend.swift", backend),
            ("Tests/\(module)Tests/\(name)ConformanceTests.swift", isSQL ? sqlConformance : documentConformance),
        ]
        if isSQL { files.append(("Sources/\(module)/\(name)Dialect.swift", dialect)) }
        return files
    }

    var packageSnippet: String {
        """

        Add to Package.swift (targets):

            .target(name: "\(module)", dependencies: [.product(name: "Switchyard", package: "switchyard")]),
            .testTarget(name: "\(module)Tests", dependencies: [
                "\(module)", .product(name: "SwitchyardConformance", package: "switchyard"),
            ]),

        (inside the switchyard package itself, depend on "Switchyard" and "SwitchyardConformance" directly),
        then register the driver where you build your DriverRegistry: `drivers.register(\(name)Driver())`.
        Next: implement the TODOs in \(name)Backend.swift until `swift test --filter \(module)Tests` passes.
        See docs/writing-an-adapter.md.
        """
    }

    var driver: String {
        """
        import Switchyard

        /// Opens \(name) backends for `\(scheme):` URLs.
        public struct \(name)Driver: BackendDriver {
            public init() {}

            public var schemes: [String] { ["\(scheme)"] }

            public func makeBackend(_ configuration: BackendConfiguration) async throws -> any Backend {
                try await \(name)Backend.open(configuration)
            }

            public func defaultName(for url: BackendURL) -> String { "\(scheme)" }
        }

        """
    }

    var backend: String {
        """
        import Switchyard

        /// One \(name) database.
        ///
        /// TODO: run the client library's blocking calls on threads this backend owns
        /// (never on Swift's cooperative pool), hand out connections from a pool, and
        /// stream rows batch by batch (a `BatchCursor` read through the core's `CursorRowStream`).
        public final class \(name)Backend: Backend {
            public let name: String
            public let redactedURL: String\(isSQL ? entityTextsProperty : "")

            init(name: String, redactedURL: String) {
                self.name = name
                self.redactedURL = redactedURL
            }

            static func open(_ configuration: BackendConfiguration) async throws -> \(name)Backend {
                // TODO: connect using configuration.url (never log configuration.url.text: it may hold a password).
                \(name)Backend(name: configuration.name, redactedURL: configuration.url.redacted)
            }

            public var capabilities: BackendCapabilities {
                // TODO: declare what the database really supports.
                BackendCapabilities(features: [], languages: [\(isSQL ? ".sql" : "QueryLanguage(\"\(scheme)\")")]\(isSQL ? ", sqlDialect: \(name)Dialect()" : ""))
            }

            public func query(_ statement: Statement, options: QueryOptions) async throws -> ResultSet {
                // TODO: prepare, bind statement.bindings, and return ResultSet(columns:stream:).
                throw SwitchyardError(.unsupported, "query is not implemented yet", backend: name, statement: statement.text)
            }

            public func withTransaction<T: Sendable>(_ body: @Sendable (any QueryExecutor) async throws -> T) async throws -> T {
                // TODO: begin on one connection, run body with an executor bound to it, commit or roll back.
                throw SwitchyardError(.unsupported, "transactions are not implemented yet", backend: name)
            }

            public func catalog() async throws -> Catalog {
                // TODO: list tables/collections and their columns/fields.
                throw SwitchyardError(.unsupported, "catalog is not implemented yet", backend: name)
            }

            public func health() async -> HealthStatus {
                HealthStatus(isHealthy: false, message: "health is not implemented yet")
            }

            public func shutdown() async {
                // TODO: wait for checked-out connections, then close every connection.
            }
        \(isSQL ? entityStoreProperty : "")}

        """
    }

    /// One text cache per backend, shared by every store it makes, as the real adapters keep
    /// it: a store made with a cache of its own writes each repository lookup's text again.
    var entityTextsProperty: String {
        """


            /// The repository statements' texts, shared by every ``entityStore`` this backend makes.
            private let entityTexts = SQLEntityStore.TextCache()
        """
    }

    var entityStoreProperty: String {
        """

            public var entityStore: (any EntityStore)? {
                SQLEntityStore(dialect: \(name)Dialect(), executor: self, texts: entityTexts)
            }

        """
    }

    var dialect: String {
        """
        import Switchyard

        /// How to write SQL for \(name).
        public struct \(name)Dialect: SQLDialect {
            public init() {}
            public var name: String { "\(scheme)" }
            // TODO: the database's placeholder syntax: "?", "?\\(index)" or "$\\(index)".
            public func placeholder(_ index: Int) -> String { "$\\(index)" }
            // TODO: a null-safe "is different from" in this dialect.
            public func distinct(_ expression: String, _ placeholder: String) -> String {
                "\\(expression) IS DISTINCT FROM \\(placeholder)"
            }
        }

        """
    }

    var sqlConformance: String {
        """
        import Foundation
        import Switchyard
        import SwitchyardConformance
        import Testing
        @testable import \(module)

        /// Runs Switchyard's conformance suite against \(name).
        /// TODO: point the URL at a real test database (started by the test command, on 127.0.0.1).
        let \(identifier)Suite = ConformanceSuite(fixture: SQLConformanceFixture(
            typeNames: [.int: "BIGINT", .text: "TEXT", .double: "DOUBLE PRECISION", .bool: "BOOLEAN"],
            placeholder: { "$\\($0)" },
            makeBackend: {
                try await \(name)Driver().makeBackend(BackendConfiguration(
                    name: "conformance", url: try BackendURL(ProcessInfo.processInfo.environment["\(urlVariable)"] ?? "\(scheme)://127.0.0.1/test")))
            }))

        \(conformanceTest("try await \(identifier)Suite.run(check)"))
        """
    }

    var documentConformance: String {
        """
        import Foundation
        import Switchyard
        import SwitchyardConformance
        import Testing
        @testable import \(module)

        /// Describes \(name) to the conformance suite in its own query language.
        /// TODO: write each statement in the backend's language, with bound values.
        struct \(name)Fixture: ConformanceFixture {
            func makeBackend() async throws -> any Backend {
                try await \(name)Driver().makeBackend(BackendConfiguration(
                    name: "conformance", url: try BackendURL(ProcessInfo.processInfo.environment["\(urlVariable)"] ?? "\(scheme)://127.0.0.1/test")))
            }
            var valueKinds: Set<ValueKind> { [.int, .text, .double, .bool] }
            func createTable(_ table: ConformanceTable, on executor: any QueryExecutor) async throws {
                throw SwitchyardError(.unsupported, "TODO: create \\(table.name)")
            }
            func dropTable(named name: String, on executor: any QueryExecutor) async throws {}
            func insert(into table: String, columns: [String], rows: [[Value]]) -> Statement { Statement("TODO", language: "\(scheme)") }
            func select(_ columns: [String], from table: String, where filter: ConformanceFilter?, orderBy: String?) -> Statement {
                Statement("TODO", language: "\(scheme)")
            }
            func count(in table: String, where filter: ConformanceFilter?) -> Statement { Statement("TODO", language: "\(scheme)") }
            func invalidStatement() -> Statement { Statement("this is not a statement", language: "\(scheme)") }
        }

        \(conformanceTest("try await ConformanceSuite(fixture: \(name)Fixture()).run(check)"))
        """
    }

    /// The test running every check through `run`. A check that does not apply returns
    /// `.skipped` instead of throwing; thrown away, that showed as a pass (with no feature
    /// declared, 20 of 38 checks passed with nothing implemented). A skip fails unless the
    /// adapter lists it as something the database lacks, and even then it is recorded as a
    /// known issue, so the output says which checks did not run.
    func conformanceTest(_ run: String) -> String {
        """
        /// What \(name) lacks: a check skipped for a reason containing one of these (for
        /// example "does not declare savepoints") is reported as a known issue; any other
        /// skipped check fails, so a check that did not run never shows as passed.
        let \(identifier)AllowedSkips: [String] = []

        @Test(arguments: ConformanceSuite.Check.allCases)
        func \(identifier)Conformance(_ check: ConformanceSuite.Check) async throws {
            guard case .skipped(let reason) = \(run) else { return }
            if \(identifier)AllowedSkips.contains(where: { reason.contains($0) }) {
                withKnownIssue("skipped: \\(reason)") { Issue.record("\\(check) did not run: \\(reason)") }
            } else {
                Issue.record("\\(check) was skipped: \\(reason); implement it, or list it in \(identifier)AllowedSkips if \(name) lacks it")
            }
        }

        """
    }
}
