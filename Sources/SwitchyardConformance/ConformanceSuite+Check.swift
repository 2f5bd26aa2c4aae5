extension ConformanceSuite {
    /// One behaviour every adapter must show. Pass ``allCases`` to a parameterized test.
    public enum Check: Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// Every sample of the kind reads back unchanged (skipped for kinds the fixture does not declare).
        case roundTrip(ValueKind)
        /// NULL stored in a column of every declared kind reads back as NULL.
        case nullInEveryColumn
        /// Inserts report how many rows they wrote; reads report none.
        case writesReportRowsAffected
        /// Hostile text (`'); DROP TABLE x; --`) is bound, not spliced: it round-trips and the table survives.
        case parametersAreBoundNotSpliced
        /// Too few or too many bound values give a clear `.invalidInput` error.
        case wrongParameterCountIsAnError
        /// A transaction's writes are visible inside it and persist after it returns.
        case transactionCommits
        /// A transaction whose body throws leaves nothing behind and rethrows the error.
        case transactionRollsBackWhenBodyThrows
        /// A statement failing inside a transaction rolls back the writes before it.
        case transactionRollsBackAfterFailedStatement
        /// Rolling back to a savepoint undoes only what followed it.
        case savepointRollsBackPartOfATransaction
        /// A large result streams in order and is counted exactly while iterating.
        case largeResultStreams
        /// Abandoning results part-way, many times, leaves the backend usable.
        case stoppingEarlyLeavesBackendUsable
        /// `ResultSet.limited(to:)` cuts the result and says so in the summary.
        case limitedResultReportsTruncation
        /// Rows read past a ``TimeoutProcessor``'s deadline end with `.timeout`; the backend stays usable.
        case resultReadPastItsDeadlineTimesOut
        /// The catalog lists a created table with its columns and primary key, and forgets a dropped one.
        case catalogListsTable
        /// A malformed statement gives a `.syntax` error naming the backend and statement.
        case syntaxErrorIsReported
        /// Reading a missing table gives a `.notFound` (or `.syntax`) error naming the table.
        case missingTableIsReported
        /// A duplicate primary key gives a `.constraint` error and leaves the stored row intact.
        case uniqueViolationIsReported
        /// Concurrent tasks writing and reading their own rows each see exactly theirs.
        case concurrentTasksKeepTheirOwnRows
        /// The backend reports itself healthy and describes its languages consistently.
        case healthAndCapabilities
        /// After `shutdown()`, queries throw instead of crashing or hanging.
        case shutdownRefusesFurtherUse
        /// A write in a read-only request is refused with `.readOnly` and writes nothing (skipped
        /// unless the backend declares ``BackendCapabilities/Features/readOnlyEnforcement``).
        case readOnlyRequestsRefuseWrites
        /// A repository saves (insert, then update), finds, counts and deletes an entity.
        case repositoryCRUD
        /// Each comparison operator selects the right entities.
        case repositoryComparisons
        /// `== nil`, `!= nil`, and `!=` matching nulls.
        case repositoryNullSemantics
        /// `isIn`, including an empty list and a list containing null.
        case repositoryMembership
        /// `like` with `%`, `_` and escapes, case-sensitive and not.
        case repositoryLike
        /// `and`, `or` and `not`, with `not` matching rows whose fields are null.
        case repositoryLogic
        /// Sorting ascending (nulls first) and descending (nulls last) on several keys.
        case repositorySorting
        /// Paging with limit and offset, alone and together; a negative limit or offset is `.invalidInput`.
        case repositoryPaging
        /// Rows of every declared kind, and nulls, written by the entity store's
        /// ``EntityStore/insertStatement(into:columns:rows:)`` in one statement read back unchanged
        /// (skipped without an entity store, or when it writes no insert statements).
        case insertStatementRoundTrips

        /// Every check, in a fixed order: a round trip per ``ValueKind``, then the others as declared.
        public static var allCases: [Check] {
            ValueKind.allCases.map(Check.roundTrip) + [
                .nullInEveryColumn, .writesReportRowsAffected, .parametersAreBoundNotSpliced,
                .wrongParameterCountIsAnError, .transactionCommits, .transactionRollsBackWhenBodyThrows,
                .transactionRollsBackAfterFailedStatement, .savepointRollsBackPartOfATransaction, .largeResultStreams,
                .stoppingEarlyLeavesBackendUsable, .limitedResultReportsTruncation, .resultReadPastItsDeadlineTimesOut,
                .catalogListsTable,
                .syntaxErrorIsReported, .missingTableIsReported, .uniqueViolationIsReported,
                .concurrentTasksKeepTheirOwnRows, .healthAndCapabilities, .shutdownRefusesFurtherUse, .readOnlyRequestsRefuseWrites, .repositoryCRUD,
                .repositoryComparisons, .repositoryNullSemantics, .repositoryMembership, .repositoryLike,
                .repositoryLogic, .repositorySorting, .repositoryPaging, .insertStatementRoundTrips,
            ]
        }

        public var description: String {
            switch self {
            case .roundTrip(let kind): "round-trip \(kind)"
            case .nullInEveryColumn: "NULL in every column"
            case .writesReportRowsAffected: "writes report rows affected"
            case .parametersAreBoundNotSpliced: "parameters are bound, not spliced"
            case .wrongParameterCountIsAnError: "wrong parameter count is an error"
            case .transactionCommits: "transaction commits"
            case .transactionRollsBackWhenBodyThrows: "transaction rolls back when its body throws"
            case .transactionRollsBackAfterFailedStatement: "transaction rolls back after a failed statement"
            case .savepointRollsBackPartOfATransaction: "savepoint rolls back part of a transaction"
            case .largeResultStreams: "large result streams"
            case .stoppingEarlyLeavesBackendUsable: "stopping early leaves the backend usable"
            case .limitedResultReportsTruncation: "limited result reports truncation"
            case .resultReadPastItsDeadlineTimesOut: "result read past its deadline times out"
            case .catalogListsTable: "catalog lists the table"
            case .syntaxErrorIsReported: "syntax error is reported"
            case .missingTableIsReported: "missing table is reported"
            case .uniqueViolationIsReported: "unique violation is reported"
            case .concurrentTasksKeepTheirOwnRows: "concurrent tasks keep their own rows"
            case .healthAndCapabilities: "health and capabilities"
            case .shutdownRefusesFurtherUse: "shutdown refuses further use"
            case .readOnlyRequestsRefuseWrites: "read-only requests refuse writes"
            case .repositoryCRUD: "repository CRUD"
            case .repositoryComparisons: "repository comparisons"
            case .repositoryNullSemantics: "repository null semantics"
            case .repositoryMembership: "repository isIn"
            case .repositoryLike: "repository like"
            case .repositoryLogic: "repository and/or/not"
            case .repositorySorting: "repository sorting"
            case .repositoryPaging: "repository paging"
            case .insertStatementRoundTrips: "insert statements round-trip every value kind"
            }
        }
    }
}
