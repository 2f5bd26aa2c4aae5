extension CheckRun {
    /// Runs the check this run was made for.
    func perform() async throws -> CheckOutcome {
        switch check {
        case .roundTrip(let kind): try await roundTrip(kind)
        case .nullInEveryColumn: try await nullInEveryColumn()
        case .writesReportRowsAffected: try await writesReportRowsAffected()
        case .parametersAreBoundNotSpliced: try await parametersAreBoundNotSpliced()
        case .wrongParameterCountIsAnError: try await wrongParameterCountIsAnError()
        case .transactionCommits: try await transactionCommits()
        case .transactionRollsBackWhenBodyThrows: try await transactionRollsBackWhenBodyThrows()
        case .transactionRollsBackAfterFailedStatement: try await transactionRollsBackAfterFailedStatement()
        case .savepointRollsBackPartOfATransaction: try await savepointRollsBackPartOfATransaction()
        case .largeResultStreams: try await largeResultStreams()
        case .stoppingEarlyLeavesBackendUsable: try await stoppingEarlyLeavesBackendUsable()
        case .limitedResultReportsTruncation: try await limitedResultReportsTruncation()
        case .resultReadPastItsDeadlineTimesOut: try await resultReadPastItsDeadlineTimesOut()
        case .catalogListsTable: try await catalogListsTable()
        case .syntaxErrorIsReported: try await syntaxErrorIsReported()
        case .missingTableIsReported: try await missingTableIsReported()
        case .uniqueViolationIsReported: try await uniqueViolationIsReported()
        case .concurrentTasksKeepTheirOwnRows: try await concurrentTasksKeepTheirOwnRows()
        case .healthAndCapabilities: try await healthAndCapabilities()
        case .shutdownRefusesFurtherUse: try await shutdownRefusesFurtherUse()
        case .readOnlyRequestsRefuseWrites: try await readOnlyRequestsRefuseWrites()
        case .repositoryCRUD: try await repositoryCRUD()
        case .repositoryComparisons: try await repositoryComparisons()
        case .repositoryNullSemantics: try await repositoryNullSemantics()
        case .repositoryMembership: try await repositoryMembership()
        case .repositoryLike: try await repositoryLike()
        case .repositoryLogic: try await repositoryLogic()
        case .repositorySorting: try await repositorySorting()
        case .repositoryPaging: try await repositoryPaging()
        case .insertStatementRoundTrips: try await insertStatementRoundTrips()
        }
    }
}
