import Switchyard

/// A table (or collection) a check needs: its unique name and typed columns.
///
/// The suite names every table itself (`cf_<purpose>_<random>`), so checks can run
/// in parallel against one server and never collide with a previous run.
public struct ConformanceTable: Sendable, Hashable {
    /// The table's name, unique per check run.
    public var name: String
    /// The columns in creation order.
    public var columns: [ConformanceColumn]

    /// Creates a table description; the suite makes these, fixtures only read them.
    public init(name: String, columns: [ConformanceColumn]) {
        self.name = name
        self.columns = columns
    }

    /// The column that is the primary key, if one is.
    public var primaryKey: ConformanceColumn? { columns.first(where: \.isPrimaryKey) }
}

/// One column of a ``ConformanceTable``.
public struct ConformanceColumn: Sendable, Hashable {
    /// The column's name.
    public var name: String
    /// The kind of value the column holds; the fixture maps it to a native type.
    public var kind: ValueKind
    /// The identifying key: unique and never null.
    public var isPrimaryKey: Bool

    /// Creates a column description; every column but the primary key must accept null.
    public init(_ name: String, _ kind: ValueKind, isPrimaryKey: Bool = false) {
        self.name = name
        self.kind = kind
        self.isPrimaryKey = isPrimaryKey
    }
}

/// "Where `column` equals `value`": the one filter the suite's native statements need.
public struct ConformanceFilter: Sendable, Hashable {
    /// The column compared.
    public var column: String
    /// The value it must equal, bound rather than spliced.
    public var value: Value

    /// Creates the filter `column = value`.
    public init(_ column: String, equals value: Value) {
        self.column = column
        self.value = value
    }
}

/// The statements that open, roll back to and release a savepoint inside a transaction.
public struct SavepointStatements: Sendable, Hashable {
    /// Opens the savepoint.
    public var create: Statement
    /// Undoes everything since the savepoint, which stays open.
    public var rollback: Statement
    /// Forgets the savepoint, keeping its changes in the transaction.
    public var release: Statement

    /// Creates the statements for one named savepoint.
    public init(create: Statement, rollback: Statement, release: Statement) {
        self.create = create
        self.rollback = rollback
        self.release = release
    }
}
