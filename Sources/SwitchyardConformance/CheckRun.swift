import Foundation
import Switchyard

/// One check in progress: its backend, the tables it created, and the helpers every
/// check uses to state expectations and to run native statements.
///
/// Helpers turn an unexpected error into a ``ConformanceFailure`` that says which
/// step failed, so an adapter author reads "inserting into cf_types_1a2b to succeed;
/// it threw …" rather than a bare database error.
struct CheckRun: Sendable {
    let check: ConformanceSuite.Check
    let fixture: any ConformanceFixture
    let backend: any Backend
    private let tables = Locked<[String]>([])

    init(check: ConformanceSuite.Check, fixture: any ConformanceFixture, backend: any Backend) {
        self.check = check
        self.fixture = fixture
        self.backend = backend
    }

    var options: ConformanceOptions { fixture.options }

    // MARK: Expectations

    func failure(_ expected: String, _ actual: String, file: String = #fileID, line: Int = #line) -> ConformanceFailure {
        ConformanceFailure(check: check.description, expected: expected, actual: actual, file: file, line: line)
    }

    func unexpected(_ error: any Error) -> ConformanceFailure {
        failure("the check to run without an error", "it threw \(error)")
    }

    func expect(
        _ condition: Bool, _ expected: @autoclosure () -> String, actual: @autoclosure () -> String,
        file: String = #fileID, line: Int = #line
    ) throws {
        guard !condition else { return }
        throw failure(expected(), actual(), file: file, line: line)
    }

    func expectEqual<T: Equatable>(_ actual: T, _ expected: T, _ what: String, file: String = #fileID, line: Int = #line) throws {
        guard actual != expected else { return }
        throw failure("\(what) to be \(shown(expected))", shown(actual), file: file, line: line)
    }

    /// `value` for a message, with optionals shown as their content or `nil`.
    private func shown(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return "\(value)" }
        return mirror.children.first.map { shown($0.value) } ?? "nil"
    }

    /// Runs a step that must succeed; any other error becomes a failure naming the step.
    @discardableResult
    func step<T>(_ what: String, file: String = #fileID, line: Int = #line, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as ConformanceFailure {
            throw failure
        } catch {
            throw failure("\(what) to succeed", "it threw \(error)", file: file, line: line)
        }
    }

    /// Runs a step that must throw, and returns what it threw.
    func expectError(_ what: String, file: String = #fileID, line: Int = #line, _ body: () async throws -> Void) async throws -> any Error {
        do {
            try await body()
        } catch let failure as ConformanceFailure {
            throw failure
        } catch {
            return error
        }
        throw failure("\(what) to throw an error", "it succeeded", file: file, line: line)
    }

    /// The error as a ``SwitchyardError``, or a failure saying it was something else.
    func switchyardError(_ error: any Error, from what: String, file: String = #fileID, line: Int = #line) throws -> SwitchyardError {
        guard let error = error as? SwitchyardError else {
            throw failure("\(what) to throw a SwitchyardError", "it threw \(type(of: error)): \(error)", file: file, line: line)
        }
        return error
    }

    // MARK: Tables and statements

    /// Creates a table named `cf_<purpose>_<random>`, dropped again when the check ends.
    func makeTable(_ purpose: String, _ columns: [ConformanceColumn], file: String = #fileID, line: Int = #line) async throws -> ConformanceTable {
        let table = ConformanceTable(name: uniqueName(purpose), columns: columns)
        try await step("creating table \(table.name)", file: file, line: line) {
            try await fixture.createTable(table, on: backend)
        }
        tables.withLock { $0.append(table.name) }
        return table
    }

    func uniqueName(_ purpose: String) -> String {
        "cf_\(purpose)_" + String(UInt32.random(in: .min ... .max), radix: 16)
    }

    /// Drops every table the check created; errors are ignored (the backend may be shut down).
    func dropTables() async {
        for name in tables.value {
            try? await fixture.dropTable(named: name, on: backend)
        }
    }

    @discardableResult
    func insert(
        _ table: ConformanceTable, _ columns: [String], _ rows: [[Value]], on executor: (any QueryExecutor)? = nil,
        file: String = #fileID, line: Int = #line
    ) async throws -> ExecutionSummary {
        let statement = fixture.insert(into: table.name, columns: columns, rows: rows)
        return try await step("inserting \(rows.count) row(s) into \(table.name)", file: file, line: line) {
            try await (executor ?? backend).execute(statement)
        }
    }

    /// Inserts `count` rows made by `row`, `options.rowsPerInsert` per statement.
    func insertInBulk(
        _ table: ConformanceTable, _ columns: [String], count: Int, on executor: (any QueryExecutor)? = nil,
        row: (Int) -> [Value]
    ) async throws {
        let perStatement = max(1, options.rowsPerInsert)
        var start = 0
        while start < count {
            let end = min(count, start + perStatement)
            try await insert(table, columns, (start..<end).map(row), on: executor)
            start = end
        }
    }

    func select(
        _ table: ConformanceTable, _ columns: [String], where filter: ConformanceFilter? = nil, orderBy: String? = nil,
        on executor: (any QueryExecutor)? = nil, file: String = #fileID, line: Int = #line
    ) async throws -> [Row] {
        let statement = fixture.select(columns, from: table.name, where: filter, orderBy: orderBy)
        return try await step("selecting from \(table.name)", file: file, line: line) {
            try await (executor ?? backend).query(statement).collect()
        }
    }

    func count(
        _ table: ConformanceTable, where filter: ConformanceFilter? = nil, on executor: (any QueryExecutor)? = nil,
        file: String = #fileID, line: Int = #line
    ) async throws -> Int {
        let statement = fixture.count(in: table.name, where: filter)
        let rows = try await step("counting rows of \(table.name)", file: file, line: line) {
            try await (executor ?? backend).query(statement).collect()
        }
        guard let first = rows.first, !first.values.isEmpty, let count = Int(value: first[0]) else {
            throw failure("the count statement to return one row holding a number", "\(rows.map(\.values))", file: file, line: line)
        }
        return count
    }

    /// The value of column `name` in `row`, or a failure naming the columns there are.
    func value(_ row: Row, _ name: String, file: String = #fileID, line: Int = #line) throws -> Value {
        guard let value = row[name] else {
            throw failure("a column named '\(name)'", "columns \(row.columns.names)", file: file, line: line)
        }
        return value
    }

    /// The `id` column of each row as integers.
    func ids(_ rows: [Row], file: String = #fileID, line: Int = #line) throws -> [Int64] {
        try rows.map { row in
            let id = try value(row, "id", file: file, line: line)
            guard let int = Int64(value: id) else {
                throw failure("the id column to hold integers", render(id), file: file, line: line)
            }
            return int
        }
    }
}
