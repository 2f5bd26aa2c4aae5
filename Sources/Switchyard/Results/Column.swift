/// A column of a result: its name and, where the backend knows it, its declared type.
public struct Column: Sendable, Hashable {
    public var name: String
    /// The backend's type name (`INTEGER`, `timestamptz`, …); `nil` when unknown.
    public var declaredType: String?

    public init(_ name: String, declaredType: String? = nil) {
        self.name = name
        self.declaredType = declaredType
    }
}

/// The columns of one result, shared by all its rows.
///
/// Rows keep a reference to one `Columns` instead of a dictionary each, so name
/// lookup costs one hash per access and nothing per row.
public final class Columns: Sendable, RandomAccessCollection {
    public let columns: [Column]
    private let indexByName: [String: Int]

    public init(_ columns: [Column]) {
        self.columns = columns
        var index: [String: Int] = [:]
        for (i, column) in columns.enumerated() where index[column.name] == nil {
            index[column.name] = i
        }
        self.indexByName = index
    }

    public convenience init(names: [String]) { self.init(names.map { Column($0) }) }

    /// No columns, shared: what a statement without rows reports, and a placeholder until a
    /// result's columns are known (made per statement, it was an allocation each time).
    public static let empty = Columns([])

    public var startIndex: Int { 0 }
    public var endIndex: Int { columns.count }
    public subscript(i: Int) -> Column { columns[i] }

    /// The index of the first column called `name`.
    public func index(of name: String) -> Int? { indexByName[name] }

    public var names: [String] { columns.map(\.name) }
}
