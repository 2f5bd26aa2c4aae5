import CLibPQ
#if canImport(Glibc)
import Glibc
#endif
import Switchyard

/// Reads what a statement did from its command tag (`INSERT 0 3`, `UPDATE 2`, `COPY 10`).
enum PostgresCommandTag {
    /// Verbs whose count is rows written, with the space that ends them; `SELECT n` and
    /// `FETCH n` count rows read, which the stream counts itself.
    private static let writes = ["INSERT ", "UPDATE ", "DELETE ", "MERGE ", "COPY "]
    /// For a `COPY … FROM STDIN` sent as a query: what works instead, in the REPL and in Swift.
    static let copyFromHint =
        "insert the rows with INSERT … VALUES, or COPY FROM a file the server can read; from Swift, PostgresBackend.copy(into:columns:rows:) streams them"
    /// For a `COPY … TO STDOUT` sent as a query.
    static let copyToHint = "select the rows instead; in the REPL, \\format csv and \\o FILE write them to a file"

    private static let writeInitials: [UInt8] = writes.map { $0.utf8.first! }

    /// Adds the rows `result` wrote to `summary.rowsAffected`, if it wrote any; for a
    /// statement that reports no rows (`CREATE TABLE`, `SET`, a `COMMIT` the server turned
    /// into `ROLLBACK`), keeps its tag in `summary.commandTag`. Runs after every
    /// statement, so it compares libpq's bytes in place instead of making strings.
    static func record(_ result: OpaquePointer, into summary: inout ExecutionSummary) {
        guard let status = PQcmdStatus(result), status.pointee != 0 else { return }
        // Most tags are `SELECT n`: the first letter rules them out without five comparisons.
        if writeInitials.contains(UInt8(bitPattern: status.pointee)),
            writes.contains(where: { verb in verb.withCString { strncmp(status, $0, strlen($0)) == 0 } }),
            let count = Int(String(cString: PQcmdTuples(result)))
        {
            summary.rowsAffected = (summary.rowsAffected ?? 0) + count
        } else if PQresultStatus(result) == PGRES_COMMAND_OK {
            summary.commandTag = String(cString: status)
        }
    }
}
