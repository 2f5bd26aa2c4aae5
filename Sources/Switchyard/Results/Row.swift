/// One row of a result: values in column order plus the shared ``Columns``.
public struct Row: Sendable, Hashable {
    public let columns: Columns
    public var values: [Value]

    public init(columns: Columns, values: [Value]) {
        precondition(columns.count == values.count, "a row needs one value per column")
        self.columns = columns
        self.values = values
    }

    public subscript(index: Int) -> Value { values[index] }

    /// The value of the column called `name`, or `nil` when there is no such column.
    public subscript(name: String) -> Value? {
        columns.index(of: name).map { values[$0] }
    }

    /// The value of column `name` converted to `T`.
    ///
    /// Throws when the column is missing or its value does not convert.
    public func decode<T: ValueConvertible>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let index = columns.index(of: name) else {
            throw SwitchyardError(.notFound, "no column '\(name)' in the result (columns: \(columns.names.joined(separator: ", ")))")
        }
        let value = values[index]
        guard let converted = T(value: value) else {
            throw SwitchyardError(.typeMismatch, "column '\(name)' holds \(value.typeName) \(value), not \(T.self)")
        }
        return converted
    }

    /// The row as a document, fields in column order.
    public var document: Document {
        Document(zip(columns.columns, values).map { Document.Field($0.name, $1) })
    }

    public static func == (a: Row, b: Row) -> Bool { a.columns.names == b.columns.names && a.values == b.values }
    public func hash(into hasher: inout Hasher) { hasher.combine(values) }
}
