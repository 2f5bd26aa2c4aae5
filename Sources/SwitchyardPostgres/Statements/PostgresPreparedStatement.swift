import Switchyard

/// A statement prepared on one connection, with what its description told: the
/// parameter types the server settled on and the result's columns.
///
/// The description is read once, when the statement is prepared; every execution
/// after that reuses it (and the ``Columns`` object all its rows share). A class: a lookup
/// passes it around several times, and a struct of seven references cost seven retains
/// and releases a copy.
final class PostgresPreparedStatement: Sendable {
    /// The server-side name; empty for the unnamed statement (not cached).
    let name: String
    let text: String
    /// The types sent with `PQprepare` (0 where the server inferred the type).
    let declaredTypes: [PostgresType.OID]
    /// The types the server uses for each parameter.
    let parameterTypes: [PostgresType.OID]
    let columns: Columns
    let columnTypes: [PostgresType.OID]
    /// Binary when the adapter decodes every column's binary format, text otherwise.
    let isBinary: Bool
    /// ``name`` NUL-terminated, made once: passed as a C string at each run, a `String` (a small
    /// one has no stable address) was copied into a new array every time.
    let cName: ContiguousArray<CChar>

    init(
        name: String, text: String, declaredTypes: [PostgresType.OID], parameterTypes: [PostgresType.OID], columns: Columns,
        columnTypes: [PostgresType.OID], isBinary: Bool
    ) {
        self.name = name
        self.text = text
        self.declaredTypes = declaredTypes
        self.parameterTypes = parameterTypes
        self.columns = columns
        self.columnTypes = columnTypes
        self.isBinary = isBinary
        self.cName = name.utf8CString
    }

    /// Whether `values` can be bound to it: each is null or declares the type it was prepared with.
    func accepts(_ values: [Value]) -> Bool {
        guard values.count == declaredTypes.count else { return false }
        for (value, declared) in zip(values, declaredTypes) where !value.isNull {
            if PostgresBindings.declaredType(of: value) != declared { return false }
        }
        return true
    }
}
