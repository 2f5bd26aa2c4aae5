/// The files a new adapter starts from. Each compiles as written; every place that
/// needs the real database is marked `TODO` and throws `.unsupported` until done,
/// so the conformance tests fail loudly rather than pass by accident.
struct AdapterTemplate {
    let name: String
    let scheme: String
    let isSQL: Bool

    var module: String { "Switchyard\(name)" }
    /// `name` as a Swift identifier starts: its leading capitals lower-cased as one word
    /// (`Redis` → `redis`, `JSONLines` → `jsonLines`, `DB2` → `db2`), not only the first
    /// letter (`jSONLines`).
    var identifier: String {
        let capitals = name.prefix { $0.isUppercase }
        let rest = name.dropFirst(capitals.count)
        // The last capital of a run starts the next word when a lower-case letter follows it.
        let word = rest.first?.isLowercase == true && capitals.count > 1 ? capitals.dropLast() : capitals
        return word.lowercased() + name.dropFirst(word.count)
    }
    /// The environment variable the generated tests read their database URL from.
    var urlVariable: String { name.uppercased() + "_TEST_URL" }

    func files() -> [(String, String)] {
        var files = [
            ("Sources/\(module)/\(name)Driver.swift", driver),
            ("Sources/\(module)/\(name)Backend.swift", backend),
            ("Tests/\(module)Tests/\(name)ConformanceTests.swift", isSQL ? sqlConformance : documentConformance),
        ]
        files.append(isSQL ? ("Sources/\(module)/\(name)Dialect.swift", dialect) : ("Sources/\(module)/\(name)Language.swift", language))
        return files
    }

    var packageSnippet: String {
        """

        Add to Package.swift (targets):

            .target(name: "\(module)", dependencies: [.product(name: "Switchyard", package: "switchyard")]),
            .testTarget(name: "\(module)Tests", dependencies: [
                "\(module)", .product(name: "SwitchyardConformance", package: "switchyard"),
            ]),

        (`package:` is the dependency's identity: "switchyard" for a URL ending in switchyard.git,
        the last path component for a local `.package(path:)`; inside the switchyard package itself,
        depend on "Switchyard" and "SwitchyardConformance" directly),
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

            public func defaultName(for url: BackendURL) -> String { "\(scheme)" }\(isSQL ? "" : languageSupportProperty)
        }

        """
    }

    /// Hands the language's description to the REPL, the read-only guard, the allow-list and
    /// the routing rules; without it they cannot read the language's statements.
    var languageSupportProperty: String {
        """


            public var languageSupport: [any QueryLanguageSupport] { [\(name)LanguageSupport()] }
        """
    }

    /// The statements' language, how the fixture names it (`.\(identifier)`).
    var languageValue: String { isSQL ? ".sql" : ".\(identifier)" }

    var language: String {
        """
        import Switchyard

        extension QueryLanguage {
            /// The language \(name) backends run.
            public static let \(identifier) = QueryLanguage("\(scheme)")
        }

        /// Describes the \(identifier) language to tools.
        /// TODO: read the language's real structure; each default below is the cautious one.
        public struct \(name)LanguageSupport: QueryLanguageSupport {
            public init() {}
            public var language: QueryLanguage { .\(identifier) }
            // TODO: whether the text (without `@name` and a final `;`, which the REPL strips) is a whole statement.
            public func isComplete(_ text: String) -> Bool { true }
            // TODO: .read, .write, .schema or .transaction; `.unknown` makes read-only sessions refuse the statement.
            public func classify(_ text: String) -> StatementKind { .unknown }
            // TODO: the statement's operations for the allow-list; none makes the allow-list refuse it.
            public func operations(_ text: String) -> [String] { [] }
            // TODO: the tables or collections the statement names, for ownership and fan-out rules.
            public func tables(in text: String) -> [String]? { [] }
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
                BackendCapabilities(features: [], languages: [\(languageValue)]\(isSQL ? ", sqlDialect: \(name)Dialect()" : ""))
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
            func dropTable(named name: String, on executor: any QueryExecutor) async throws {
                // TODO: remove the table or collection if it exists; never throw because it is missing.
                throw SwitchyardError(.unsupported, "TODO: drop \\(name)")
            }
            func insert(into table: String, columns: [String], rows: [[Value]]) -> Statement { Statement("TODO", language: \(languageValue)) }
            func select(_ columns: [String], from table: String, where filter: ConformanceFilter?, orderBy: String?) -> Statement {
                Statement("TODO", language: \(languageValue))
            }
            func count(in table: String, where filter: ConformanceFilter?) -> Statement { Statement("TODO", language: \(languageValue)) }
            func invalidStatement() -> Statement { Statement("this is not a statement", language: \(languageValue)) }
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
