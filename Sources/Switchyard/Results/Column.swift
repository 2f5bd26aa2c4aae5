/// A column of a result: its name and, where the backend knows it, its declared type.
public struct Column: Sendable, Hashable {
    /// The name the statement gave the column (its alias, if any); not necessarily unique in a result.
    public var name: String
    /// The backend's type name (`INTEGER`, `timestamptz`, …); `nil` when unknown.
    public var declaredType: String?

    /// Creates a column; `declaredType` stays `nil` when the backend does not say.
    public init(_ name: String, declaredType: String? = nil) {
        self.name = name
        self.declaredType = declaredType
    }
}

/// The columns of one result, shared by all its rows.
///
/// Rows keep a reference to one `Columns` instead of a dictionary each, so a name lookup
/// costs nothing per row: a few names compared for a narrow result, one hash for a wide one.
public final class Columns: Sendable, RandomAccessCollection {
    /// The columns in result order.
    public let columns: [Column]
    /// Each name's first index, for results wider than ``linearSearchLimit``; narrower ones
    /// compare names in order, which is quicker than hashing one and costs nothing to set up
    /// (columns are made per result where statements are not prepared, and per fan-out).
    private let indexByName: [String: Int]?

    /// The widest result whose names are compared in order rather than hashed.
    static let linearSearchLimit = 8

    /// Creates the columns of one result, in order; make it once per result and share it between rows.
    public init(_ columns: [Column]) {
        self.columns = columns
        guard columns.count > Self.linearSearchLimit else {
            indexByName = nil
            return
        }
        var index = [String: Int](minimumCapacity: columns.count)
        // Backwards, so that a repeated name keeps its first index.
        for (i, column) in columns.enumerated().reversed() { index[column.name] = i }
        self.indexByName = index
    }

    /// Creates columns from names alone, with no declared types.
    public convenience init(names: [String]) { self.init(names.map { Column($0) }) }

    /// No columns, shared: what a statement without rows reports, and a placeholder until a
    /// result's columns are known (made per statement, it was an allocation each time).
    public static let empty = Columns([])

    public var startIndex: Int { 0 }
    public var endIndex: Int { columns.count }
    /// The column at position `i` (0-based).
    public subscript(i: Int) -> Column { columns[i] }

    /// The index of the first column called `name`.
    public func index(of name: String) -> Int? {
        guard let indexByName else { return columns.firstIndex { $0.name == name } }
        return indexByName[name]
    }

    /// The column names in result order.
    public var names: [String] { columns.map(\.name) }
}
