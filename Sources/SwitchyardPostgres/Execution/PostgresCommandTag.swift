import CLibPQ
import Switchyard

/// Reads what a statement did from its command tag (`INSERT 0 3`, `UPDATE 2`, `COPY 10`).
enum PostgresCommandTag {
    /// Verbs whose count is rows written; `SELECT n` and `FETCH n` count rows read, which
    /// the stream counts itself.
    private static let writes: Set<String> = ["INSERT", "UPDATE", "DELETE", "MERGE", "COPY"]

    /// Adds the rows `result` wrote to `summary.rowsAffected`, if it wrote any.
    static func record(_ result: OpaquePointer, into summary: inout ExecutionSummary) {
        guard let status = PQcmdStatus(result) else { return }
        let tag = String(cString: status)
        guard let verb = tag.split(separator: " ").first, writes.contains(String(verb)),
            let count = Int(String(cString: PQcmdTuples(result)))
        else { return }
        summary.rowsAffected = (summary.rowsAffected ?? 0) + count
    }
}
