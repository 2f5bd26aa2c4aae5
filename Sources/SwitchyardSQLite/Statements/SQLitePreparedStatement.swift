import CSQLite
import Switchyard

/// A `sqlite3_stmt*` plus what is worked out once per preparation instead of once per
/// row: column names, one decoder per column, whether it writes, its verb.
///
/// Not `Sendable`: it belongs to one ``SQLiteConnection`` and is only touched by whoever
/// holds that connection (see ``SQLiteHandle``), inside the cursor or cache that holds it.
final class SQLitePreparedStatement {
    let pointer: OpaquePointer
    /// The text it was prepared from (the cache key when cached).
    let sql: String
    /// Whether it lives in the connection's statement cache (otherwise it is finalized after use).
    let isCached: Bool
    /// `sqlite3_stmt_readonly`: the statement cannot change the database file.
    let isReadOnly: Bool
    /// The largest parameter index (`?NNN` may leave gaps).
    let parameterCount: Int
    let verb: SQLiteStatementVerb
    private(set) var columns: Columns
    private(set) var decoders: [SQLiteColumnDecoder]
    /// `SQLITE_STMTSTATUS_REPREPARE` when ``columns`` were read: a schema change makes SQLite
    /// re-prepare the statement, and a `SELECT *` may then have different columns.
    private var reprepareCount: Int32

    // Cache bookkeeping, owned by SQLiteStatementCache.
    var isInUse = false
    var isEvicted = false
    var lastUsed: UInt64 = 0
    /// Runs left on the connection thread before the statement is tried on the caller's
    /// thread again, after it ran past the inline budget (see ``SQLiteConnection/runInline(_:)``).
    var threadRunsBeforeInline = 0

    init(pointer: OpaquePointer, sql: String, isCached: Bool) {
        self.pointer = pointer
        self.sql = sql
        self.isCached = isCached
        isReadOnly = sqlite3_stmt_readonly(pointer) != 0
        parameterCount = Int(sqlite3_bind_parameter_count(pointer))
        verb = SQLiteStatementVerb(sql: sql)
        (columns, decoders) = Self.describeColumns(pointer)
        reprepareCount = sqlite3_stmt_status(pointer, SQLITE_STMTSTATUS_REPREPARE, 0)
    }

    /// Re-reads the columns when SQLite re-prepared the statement; call after its first step.
    func refreshColumnsIfReprepared() {
        let count = sqlite3_stmt_status(pointer, SQLITE_STMTSTATUS_REPREPARE, 0)
        guard count != reprepareCount else { return }
        reprepareCount = count
        (columns, decoders) = Self.describeColumns(pointer)
    }

    private static func describeColumns(_ pointer: OpaquePointer) -> (Columns, [SQLiteColumnDecoder]) {
        let count = sqlite3_column_count(pointer)
        var columns: [Column] = []
        var decoders: [SQLiteColumnDecoder] = []
        columns.reserveCapacity(Int(count))
        decoders.reserveCapacity(Int(count))
        for i in 0..<count {
            let name = sqlite3_column_name(pointer, i).map { String(cString: $0) } ?? "column\(i + 1)"
            let declared = sqlite3_column_decltype(pointer, i).map { String(cString: $0) }
            columns.append(Column(name, declaredType: declared))
            decoders.append(SQLiteColumnDecoder(declaredType: declared))
        }
        return (Columns(columns), decoders)
    }

    /// Binds `values` to parameters `first`, `first + 1` …; returns the first failing result
    /// code and its position in `values` (1-based).
    func bind(_ values: [Value], from first: Int = 1) -> (code: Int32, index: Int)? {
        for (i, value) in values.enumerated() {
            let code = SQLiteValueBinder.bind(value, to: pointer, at: Int32(first + i))
            if code != SQLITE_OK { return (code, i + 1) }
        }
        return nil
    }

    /// Decodes the current row into `builder`.
    @inline(__always)
    func appendRow(to builder: inout RowBatchBuilder) {
        for i in 0..<decoders.count {
            builder.append(decoders[i].decode(pointer, Int32(i)))
        }
        builder.endRow()
    }

    /// Makes it ready to run again: stops it and forgets its bindings.
    func reset() {
        sqlite3_reset(pointer)
        sqlite3_clear_bindings(pointer)
    }

    func finalize() {
        sqlite3_finalize(pointer)
    }
}
