import CSQLite
import Switchyard

/// A SQLite (extended) result code with the symbolic name users search for.
///
/// `sqlite3_errstr` only gives the primary code's English text ("constraint failed"),
/// so the names of the extended codes (`SQLITE_CONSTRAINT_UNIQUE`) are listed here.
struct SQLiteResultCode: Sendable, Hashable, CustomStringConvertible {
    let rawValue: Int32

    init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// `SQLITE_READONLY_DBMOVED` (a macro Swift does not import): the database file was
    /// deleted or renamed under an open connection.
    static let readOnlyDatabaseMoved = SQLiteResultCode(SQLITE_READONLY | (4 << 8))

    /// The primary code (low byte), which decides the error kind.
    var primary: Int32 { rawValue & 0xff }

    /// `SQLITE_CONSTRAINT_UNIQUE`, or `SQLITE_<n>` for a code this table does not know.
    var name: String {
        Self.names[rawValue] ?? Self.names[primary].map { "\($0)_\(rawValue >> 8)" } ?? "SQLITE_\(rawValue)"
    }

    /// `SQLITE_CONSTRAINT_UNIQUE (2067)`: what ``SwitchyardError/code`` carries.
    var description: String { "\(name) (\(rawValue))" }

    /// SQLite's English text for the code.
    var text: String { String(cString: sqlite3_errstr(rawValue)) }

    /// The kind of error a failure with this code is, given where it happened.
    func kind(duringPrepare: Bool) -> SwitchyardError.Kind {
        // The file was deleted or replaced under an open connection (rollback-journal mode):
        // not a read-only database, and nothing the statement can change.
        if self == .readOnlyDatabaseMoved { return .connection }
        return switch primary {
        case SQLITE_CONSTRAINT: .constraint
        case SQLITE_BUSY, SQLITE_LOCKED: .busy
        case SQLITE_READONLY: .readOnly
        case SQLITE_INTERRUPT: .cancelled
        case SQLITE_CANTOPEN, SQLITE_NOTADB: .connection
        case SQLITE_ERROR where duringPrepare: .syntax
        default: .database
        }
    }

    private static let names: [Int32: String] = {
        let primaries: [(Int32, String)] = [
            (0, "OK"), (1, "ERROR"), (2, "INTERNAL"), (3, "PERM"), (4, "ABORT"), (5, "BUSY"), (6, "LOCKED"),
            (7, "NOMEM"), (8, "READONLY"), (9, "INTERRUPT"), (10, "IOERR"), (11, "CORRUPT"), (12, "NOTFOUND"),
            (13, "FULL"), (14, "CANTOPEN"), (15, "PROTOCOL"), (16, "EMPTY"), (17, "SCHEMA"), (18, "TOOBIG"),
            (19, "CONSTRAINT"), (20, "MISMATCH"), (21, "MISUSE"), (22, "NOLFS"), (23, "AUTH"), (24, "FORMAT"),
            (25, "RANGE"), (26, "NOTADB"), (27, "NOTICE"), (28, "WARNING"), (100, "ROW"), (101, "DONE"),
        ]
        // Extended codes are primary | (n << 8); listed by primary in n order, from sqlite3.h.
        let extended: [(Int32, String, [String])] = [
            (1, "ERROR", ["MISSING_COLLSEQ", "RETRY", "SNAPSHOT"]),
            (10, "IOERR", [
                "READ", "SHORT_READ", "WRITE", "FSYNC", "DIR_FSYNC", "TRUNCATE", "FSTAT", "UNLOCK", "RDLOCK",
                "DELETE", "BLOCKED", "NOMEM", "ACCESS", "CHECKRESERVEDLOCK", "LOCK", "CLOSE", "DIR_CLOSE",
                "SHMOPEN", "SHMSIZE", "SHMLOCK", "SHMMAP", "SEEK", "DELETE_NOENT", "MMAP", "GETTEMPPATH",
                "CONVPATH", "VNODE", "AUTH", "BEGIN_ATOMIC", "COMMIT_ATOMIC", "ROLLBACK_ATOMIC", "DATA", "CORRUPTFS",
            ]),
            (6, "LOCKED", ["SHAREDCACHE", "VTAB"]),
            (5, "BUSY", ["RECOVERY", "SNAPSHOT", "TIMEOUT"]),
            (14, "CANTOPEN", ["NOTEMPDIR", "ISDIR", "FULLPATH", "CONVPATH", "DIRTYWAL", "SYMLINK"]),
            (11, "CORRUPT", ["VTAB", "SEQUENCE", "INDEX"]),
            (8, "READONLY", ["RECOVERY", "CANTLOCK", "ROLLBACK", "DBMOVED", "CANTINIT", "DIRECTORY"]),
            (4, "ABORT", ["", "ROLLBACK"]),  // ABORT_ROLLBACK is 2 << 8
            (19, "CONSTRAINT", [
                "CHECK", "COMMITHOOK", "FOREIGNKEY", "FUNCTION", "NOTNULL", "PRIMARYKEY", "TRIGGER", "UNIQUE",
                "VTAB", "ROWID", "PINNED", "DATATYPE",
            ]),
            (27, "NOTICE", ["RECOVER_WAL", "RECOVER_ROLLBACK", "RBU"]),
            (28, "WARNING", ["AUTOINDEX"]),
            (23, "AUTH", ["USER"]),
        ]
        var table: [Int32: String] = [:]
        for (code, name) in primaries { table[code] = "SQLITE_" + name }
        for (primary, name, suffixes) in extended {
            for (i, suffix) in suffixes.enumerated() where !suffix.isEmpty {
                table[primary | Int32(i + 1) << 8] = "SQLITE_\(name)_\(suffix)"
            }
        }
        table[SQLITE_OK | 1 << 8] = "SQLITE_OK_LOAD_PERMANENTLY"
        table[SQLITE_OK | 2 << 8] = "SQLITE_OK_SYMLINK"
        return table
    }()
}
