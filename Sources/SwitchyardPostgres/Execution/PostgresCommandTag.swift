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
    private static let writeInitials: [UInt8] = writes.map { $0.utf8.first! }

    /// Adds the rows `result` wrote to `summary.rowsAffected`, if it wrote any. Runs after
    /// every statement, so it compares libpq's bytes in place instead of making strings.
    static func record(_ result: OpaquePointer, into summary: inout ExecutionSummary) {
        guard let status = PQcmdStatus(result),
            // Most tags are `SELECT n`: the first letter rules them out without five comparisons.
            writeInitials.contains(UInt8(bitPattern: status.pointee)),
            writes.contains(where: { verb in verb.withCString { strncmp(status, $0, strlen($0)) == 0 } }),
            let count = Int(String(cString: PQcmdTuples(result)))
        else { return }
        summary.rowsAffected = (summary.rowsAffected ?? 0) + count
    }
}
