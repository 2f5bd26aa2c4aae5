/// Behaviour that legitimately differs between kinds of backend, and the sizes the
/// heavier checks use.
///
/// The defaults describe a SQL database; a document store relaxes what it must
/// (reading a collection that does not exist is not an error in MongoDB).
public struct ConformanceOptions: Sendable, Hashable {
    /// Reading a table that does not exist throws (`.notFound` or `.syntax`).
    public var missingTableIsError: Bool
    /// The catalog marks primary-key columns.
    public var catalogReportsPrimaryKeys: Bool
    /// Rows the streaming check inserts and reads back.
    public var largeResultRowCount: Int
    /// Tasks the concurrency check runs at once.
    public var concurrentTasks: Int
    /// Rows per insert statement when filling tables in bulk; keep it under the
    /// database's limit on bound parameters divided by the column count.
    public var rowsPerInsert: Int

    /// Creates options; the defaults describe a SQL database and a full-sized run.
    public init(
        missingTableIsError: Bool = true, catalogReportsPrimaryKeys: Bool = true, largeResultRowCount: Int = 100_000,
        concurrentTasks: Int = 16, rowsPerInsert: Int = 500
    ) {
        self.missingTableIsError = missingTableIsError
        self.catalogReportsPrimaryKeys = catalogReportsPrimaryKeys
        self.largeResultRowCount = largeResultRowCount
        self.concurrentTasks = concurrentTasks
        self.rowsPerInsert = rowsPerInsert
    }
}
