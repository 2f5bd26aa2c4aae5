import Switchyard

/// A table (or collection) a check needs: its unique name and typed columns.
///
/// The suite names every table itself (`cf_<purpose>_<random>`), so checks can run
/// in parallel against one server and never collide with a previous run.
public struct ConformanceTable: Sendable, Hashable {
    public var name: String
    public var columns: [ConformanceColumn]

    public init(name: String, columns: [ConformanceColumn]) {
        self.name = name
        self.columns = columns
    }

    /// The column that is the primary key, if one is.
    public var primaryKey: ConformanceColumn? { columns.first(where: \.isPrimaryKey) }
}

/// One column of a ``ConformanceTable``.
public struct ConformanceColumn: Sendable, Hashable {
    public var name: String
    public var kind: ValueKind
    /// The identifying key: unique and never null.
    public var isPrimaryKey: Bool

    public init(_ name: String, _ kind: ValueKind, isPrimaryKey: Bool = false) {
        self.name = name
        self.kind = kind
        self.isPrimaryKey = isPrimaryKey
    }
}

/// "Where `column` equals `value`": the one filter the suite's native statements need.
public struct ConformanceFilter: Sendable, Hashable {
    public var column: String
    public var value: Value

    public init(_ column: String, equals value: Value) {
        self.column = column
        self.value = value
    }
}

/// The statements that open, roll back to and release a savepoint inside a transaction.
public struct SavepointStatements: Sendable, Hashable {
    public var create: Statement
    public var rollback: Statement
    public var release: Statement

    public init(create: Statement, rollback: Statement, release: Statement) {
        self.create = create
        self.rollback = rollback
        self.release = release
    }
}
