import Switchyard

/// What an adapter tells the ``ConformanceSuite`` about its backend: how to open a
/// fresh one, which values it stores, and how to write the few native statements
/// the checks need.
///
/// Everything else — transactions, savepoints, repositories — the suite reads from
/// ``Backend/capabilities`` and ``Backend/entityStore``, so a fixture stays small.
/// SQL adapters use ``SQLConformanceFixture``; a document store (MongoDB) implements
/// this protocol directly, writing its statements in its own language.
///
/// Statements are built with bound values, never spliced text: the suite checks that
/// a value such as `'); DROP TABLE x; --` survives exactly because it is bound.
public protocol ConformanceFixture: Sendable {
    /// Opens a fresh backend for one check. The suite calls ``tearDown(_:)`` on it
    /// when the check ends, whatever the outcome.
    func makeBackend() async throws -> any Backend

    /// Releases a backend made by ``makeBackend()``. The default shuts it down; a
    /// fixture may also delete the database file it created.
    func tearDown(_ backend: any Backend) async

    /// The value kinds the backend round-trips losslessly. Must include `.int` and
    /// `.text`, which the checks use for keys and names.
    var valueKinds: Set<ValueKind> { get }

    /// The values the round-trip check stores for `kind`. The default is
    /// ``ConformanceSamples/values(for:)``; override only for a documented limit of
    /// the database (say so in a comment).
    func samples(for kind: ValueKind) -> [Value]

    /// Knobs for behaviour that legitimately differs between kinds of backend.
    var options: ConformanceOptions { get }

    /// Creates `table` with a column (or field) per entry; the primary key must be
    /// unique, every other column must accept null.
    func createTable(_ table: ConformanceTable, on executor: any QueryExecutor) async throws

    /// Removes the table if it exists; never throws because it is missing.
    func dropTable(named name: String, on executor: any QueryExecutor) async throws

    /// Inserts `rows` (values in `columns` order) in one statement.
    func insert(into table: String, columns: [String], rows: [[Value]]) -> Statement

    /// Selects `columns` of the rows matching `filter` (all rows when `nil`), ordered
    /// ascending by `orderBy` when given. Result columns carry the requested names, and
    /// a field a stored row lacks reads as null.
    func select(_ columns: [String], from table: String, where filter: ConformanceFilter?, orderBy: String?) -> Statement

    /// Counts the rows matching `filter`: one row whose first column is the number.
    func count(in table: String, where filter: ConformanceFilter?) -> Statement

    /// A statement the backend must reject as malformed.
    func invalidStatement() -> Statement

    /// Savepoint statements, or `nil` when the language has none. Only used when the
    /// backend declares ``BackendCapabilities/Features/savepoints``.
    func savepointStatements(named name: String) -> SavepointStatements?
}

extension ConformanceFixture {
    public func tearDown(_ backend: any Backend) async { await backend.shutdown() }
    public func samples(for kind: ValueKind) -> [Value] { ConformanceSamples.values(for: kind) }
    /// By default `ConformanceOptions()`: what a SQL database does.
    public var options: ConformanceOptions { ConformanceOptions() }
    /// By default `nil`: no savepoint statements.
    public func savepointStatements(named name: String) -> SavepointStatements? { nil }
}
