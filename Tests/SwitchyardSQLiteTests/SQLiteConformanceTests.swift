import Foundation
import Switchyard
import SwitchyardConformance
import SwitchyardSQLite
import Testing

/// The SQLite adapter against the shared conformance suite: every check on a fresh
/// database file, and the checks that make sense for one connection on `sqlite::memory:`.
enum SQLiteConformance {
    /// Column types the adapter reads back as each kind.
    ///
    /// Exact decimals are declared `DECIMAL TEXT`: the adapter decodes the column as a
    /// decimal (its first word), while SQLite gives it TEXT affinity (it contains
    /// `TEXT`), so 40-digit values are not squeezed through a REAL as `DECIMAL` alone would.
    static let typeNames: [ValueKind: String] = [
        .bool: "BOOLEAN", .int: "INTEGER", .double: "REAL", .decimal: "DECIMAL TEXT", .text: "TEXT", .bytes: "BLOB",
        .date: "DATE", .time: "TIME", .timestamp: "TIMESTAMP", .uuid: "UUID", .document: "JSON", .array: "JSON",
    ]

    /// The standard doubles without `-0.0`: SQLite writes integral values of a REAL
    /// column as integers (https://sqlite.org/datatype3.html, "REAL affinity"), so the
    /// sign of negative zero is lost in storage, before the adapter sees it.
    static let doubles = ConformanceSamples.values(for: .double).filter { value in
        guard case .double(let d) = value else { return true }
        return !(d == 0 && d.sign == .minus)
    }

    /// One directory shared by every run; each check's file has a unique name and is
    /// deleted by the fixture's tear-down.
    static let directory: String = {
        let path = NSTemporaryDirectory() + "switchyard-conformance"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static func fixture(url: @escaping @Sendable () -> String) -> SQLConformanceFixture {
        SQLConformanceFixture(
            typeNames: typeNames, placeholder: { "?\($0)" }, sampleOverrides: [.double: doubles],
            tearDown: { backend in
                await backend.shutdown()
                guard let path = (backend as? SQLiteBackend)?.path, path != ":memory:" else { return }
                for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            },
            makeBackend: {
                try await SQLiteDriver().makeBackend(BackendConfiguration(name: "conformance", url: BackendURL(url())))
            })
    }

    /// A new database file per check.
    static let file = ConformanceSuite(fixture: fixture { "sqlite://\(directory)/\(UUID().uuidString).db" })

    /// One private in-memory database per check.
    static let memory = ConformanceSuite(fixture: fixture { "sqlite::memory:" })

    /// What one connection to a private database can show; the streaming, catalog and
    /// lifecycle checks add nothing there that the file run does not.
    static let memoryChecks: [ConformanceSuite.Check] = ValueKind.allCases.map(ConformanceSuite.Check.roundTrip) + [
        .nullInEveryColumn, .writesReportRowsAffected, .parametersAreBoundNotSpliced, .wrongParameterCountIsAnError,
        .transactionCommits, .transactionRollsBackWhenBodyThrows, .transactionRollsBackAfterFailedStatement,
        .savepointRollsBackPartOfATransaction, .stoppingEarlyLeavesBackendUsable, .syntaxErrorIsReported,
        .missingTableIsReported, .uniqueViolationIsReported, .concurrentTasksKeepTheirOwnRows, .repositoryCRUD,
        .repositoryNullSemantics, .repositoryLike, .insertStatementRoundTrips,
    ]
}

@Suite(.timeLimit(.minutes(2)))
struct SQLiteConformanceTests {
    @Test(arguments: ConformanceSuite.Check.allCases)
    func fileDatabase(_ check: ConformanceSuite.Check) async throws {
        #expect(try await SQLiteConformance.file.run(check) == .passed)
    }

    @Test(arguments: SQLiteConformance.memoryChecks)
    func memoryDatabase(_ check: ConformanceSuite.Check) async throws {
        #expect(try await SQLiteConformance.memory.run(check) == .passed)
    }
}

/// The suite must fail for a backend that breaks its promises, or passing it means
/// nothing. These wrap a real SQLite backend, break one promise each, and expect the
/// matching check to throw ``ConformanceFailure``.
@Suite(.timeLimit(.minutes(1)))
struct ConformanceSuiteCatchesFaultsTests {
    @Test(arguments: [
        (FaultyBackend.Fault.splicesParameters, ConformanceSuite.Check.parametersAreBoundNotSpliced),
        (.ignoresRollback, .transactionRollsBackWhenBodyThrows), (.ignoresRollback, .transactionRollsBackAfterFailedStatement),
        (.vagueErrors, .syntaxErrorIsReported), (.vagueErrors, .uniqueViolationIsReported),
        (.vagueErrors, .wrongParameterCountIsAnError), (.valuesAsText, .roundTrip(.int)), (.valuesAsText, .roundTrip(.bool)),
        (.valuesAsText, .nullInEveryColumn), (.dropsLastRow, .largeResultStreams), (.dropsLastRow, .repositoryPaging),
        (.noRowsAffected, .writesReportRowsAffected), (.noRowsAffected, .repositoryCRUD),
        (.ignoresDeadlines, .resultReadPastItsDeadlineTimesOut),
        (.ignoresReadOnly, .readOnlyRequestsRefuseWrites), (.valuesAsText, .insertStatementRoundTrips),
        (.dropsLastRow, .insertStatementRoundTrips),
    ])
    func aBrokenPromiseFailsItsCheck(_ fault: FaultyBackend.Fault, _ check: ConformanceSuite.Check) async throws {
        let suite = ConformanceSuite(fixture: SQLiteConformance.fixture(fault: fault))
        let failure = try await #require(throws: ConformanceFailure.self) { try await suite.run(check) }
        #expect(failure.check == check.description)
    }

    @Test func sqliteRealColumnsLoseTheSignOfNegativeZero() async throws {
        var fixture = SQLiteConformance.fixture(fault: nil)
        fixture.sampleOverrides = [:]
        let failure = try await #require(throws: ConformanceFailure.self) {
            try await ConformanceSuite(fixture: fixture).run(.roundTrip(.double))
        }
        #expect(failure.expected.contains("-0.0"))
    }

    @Test func sqliteDecimalColumnsRoundFortyDigits() async throws {
        var fixture = SQLiteConformance.fixture(fault: nil)
        fixture.typeNames[.decimal] = "DECIMAL"
        await #expect(throws: ConformanceFailure.self) { try await ConformanceSuite(fixture: fixture).run(.roundTrip(.decimal)) }
    }

    @Test func aHangingBackendFailsInsteadOfHangingTheRunAndIsStillTornDown() async throws {
        let hanging = SQLiteConformance.fixture(fault: .hangsOnCount)
        let tornDown = Locked(false)
        let fixture = SQLConformanceFixture(
            typeNames: hanging.typeNames, placeholder: hanging.placeholder,
            tearDown: { backend in
                await hanging.tearDown(backend)
                tornDown.withLock { $0 = true }
            },
            makeBackend: { try await hanging.makeBackend() })
        let suite = ConformanceSuite(fixture: fixture, timeLimit: .seconds(1))
        let failure = try await #require(throws: ConformanceFailure.self) { try await suite.run(.parametersAreBoundNotSpliced) }
        #expect(failure.expected.contains("finish within"))
        // The stuck query is cancelled, so the check's clean-up runs soon after.
        for _ in 0..<50 where !tornDown.value { try await Task.sleep(for: .milliseconds(100)) }
        #expect(tornDown.value)
    }

    @Test func aCheckTheBackendCannotRunIsSkippedNotFailed() async throws {
        var fixture = SQLiteConformance.fixture(fault: nil)
        fixture.typeNames[.array] = nil
        #expect(try await ConformanceSuite(fixture: fixture).run(.roundTrip(.array)) == .skipped("the fixture does not declare array values"))
    }

    @Test func anEntityStoreThatWritesNoInsertStatementsSkipsTheirCheck() async throws {
        let suite = ConformanceSuite(fixture: SQLiteConformance.fixture(fault: .writesNoInsertStatements))
        #expect(try await suite.run(.insertStatementRoundTrips) == .skipped("the entity store writes no insert statements (insertStatement returned nil)"))
    }
}

extension SQLiteConformance {
    /// The standard fixture on a new file, optionally wrapped in a ``FaultyBackend``.
    static func fixture(fault: FaultyBackend.Fault?) -> SQLConformanceFixture {
        let plain = fixture { "sqlite://\(directory)/\(UUID().uuidString).db" }
        guard let fault else { return plain }
        return SQLConformanceFixture(
            typeNames: typeNames, placeholder: { "?\($0)" }, sampleOverrides: [.double: doubles],
            tearDown: { backend in await plain.tearDown((backend as? FaultyBackend)?.base ?? backend) },
            makeBackend: { FaultyBackend(base: try await plain.makeBackend(), fault: fault) })
    }
}

/// Forwards to a real backend but breaks one promise.
final class FaultyBackend: ForwardingBackend {
    enum Fault: Sendable, Hashable {
        /// Pastes values into the SQL text, unescaped.
        case splicesParameters
        /// Runs transaction bodies without a transaction.
        case ignoresRollback
        /// Replaces every error with a generic one.
        case vagueErrors
        /// Returns every value as its text.
        case valuesAsText
        /// Loses the last row of every result with more than one row.
        case dropsLastRow
        /// Reports no rows affected.
        case noRowsAffected
        /// Never answers a `SELECT COUNT(*)`.
        case hangsOnCount
        /// Declares `.deadlines` (as SQLite does) but drops the request's deadline and timeout.
        case ignoresDeadlines
        /// Runs writes in read-only requests, while declaring readOnlyEnforcement.
        case ignoresReadOnly
        /// Has an entity store that writes no insert statements (the protocol's default).
        case writesNoInsertStatements
    }

    let base: any Backend
    let fault: Fault

    init(base: any Backend, fault: Fault) {
        self.base = base
        self.fault = fault
    }

    var entityStore: (any EntityStore)? {
        let store = SQLEntityStore(dialect: SQLiteDialect(), executor: self)
        return fault == .writesNoInsertStatements ? StoreWithoutInsertStatements(base: store) : store
    }

    func withTransaction<T: Sendable>(_ body: @Sendable (any QueryExecutor) async throws -> T) async throws -> T {
        if fault == .ignoresRollback { return try await body(self) }
        return try await base.withTransaction { _ in try await body(self) }
    }

    func query(_ statement: Statement, options: QueryOptions) async throws -> ResultSet {
        switch fault {
        case .splicesParameters:
            var text = statement.text
            for (index, value) in statement.bindings.enumerated().reversed() {
                let literal = if case .text(let t) = value { "'\(t)'" } else { value.isNull ? "NULL" : value.description }
                text = text.replacingOccurrences(of: "?\(index + 1)", with: literal)
            }
            return try await base.query(Statement(text), options: options)
        case .vagueErrors:
            do {
                return try await base.query(statement, options: options)
            } catch {
                throw SwitchyardError(.database, "something went wrong")
            }
        case .valuesAsText:
            return try await rewritten(statement, options) { rows in
                rows.map { Row(columns: $0.columns, values: $0.values.map { .text($0.description) }) }
            }
        case .dropsLastRow:
            return try await rewritten(statement, options) { rows in rows.count > 1 ? Array(rows.dropLast()) : rows }
        case .noRowsAffected:
            let result = try await base.query(statement, options: options)
            guard result.columns.isEmpty else { return result }
            return .empty(ExecutionSummary(rowsReturned: try await result.summary().rowsReturned))
        case .hangsOnCount where statement.text.hasPrefix("SELECT COUNT"):
            try await Task.sleep(for: .seconds(3_600))
            return .empty()
        case .ignoresDeadlines:
            return try await base.query(statement, options: QueryOptions(readOnly: options.readOnly))
        case .ignoresReadOnly:
            var writable = options
            writable.readOnly = false
            return try await base.query(statement, options: writable)
        case .ignoresRollback, .hangsOnCount, .writesNoInsertStatements:
            return try await base.query(statement, options: options)
        }
    }

    /// The whole result, changed by `change` (only for statements that return columns).
    private func rewritten(_ statement: Statement, _ options: QueryOptions, _ change: ([Row]) -> [Row]) async throws -> ResultSet {
        let result = try await base.query(statement, options: options)
        guard !result.columns.isEmpty else { return result }
        return ResultSet(columns: result.columns, rows: change(try await result.collect()))
    }
}

/// An entity store without ``EntityStore/insertStatement(into:columns:rows:)``: the default, `nil`.
private struct StoreWithoutInsertStatements: EntityStore {
    let base: SQLEntityStore

    func fetch(_ query: EntityQuery) async throws -> ResultSet { try await base.fetch(query) }
    func count(in storageName: String, where predicate: Switchyard.Predicate) async throws -> Int { try await base.count(in: storageName, where: predicate) }
    func upsert(into storageName: String, keyField: String, document: Document) async throws {
        try await base.upsert(into: storageName, keyField: keyField, document: document)
    }
    func delete(from storageName: String, where predicate: Switchyard.Predicate) async throws -> Int { try await base.delete(from: storageName, where: predicate) }
}
