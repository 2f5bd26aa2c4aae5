/// Something that runs statements: a ``Backend``, or a transaction on one of its connections.
public protocol QueryExecutor: Sendable {
    /// Runs `statement` and streams its rows.
    ///
    /// The statement is prepared (or taken from the prepared-statement cache) and
    /// started before this returns, so syntax errors throw here; rows arrive as the
    /// result set is iterated.
    ///
    /// The requirement is `nonisolated(nonsending)`: an implementation declared so runs on
    /// the caller's executor, with no hop to the global executor per statement (the bundled
    /// adapters' do). One declared plainly `async` conforms too, and runs on the global executor.
    nonisolated(nonsending) func query(_ statement: Statement, options: QueryOptions) async throws -> ResultSet
}

extension QueryExecutor {
    /// Runs `statement` with default options and streams its rows.
    public func query(_ statement: Statement) async throws -> ResultSet {
        try await query(statement, options: QueryOptions())
    }

    /// Runs SQL `text` with `bindings`, streaming its rows.
    public func query(_ text: String, _ bindings: [Value] = []) async throws -> ResultSet {
        try await query(Statement(text, bindings), options: QueryOptions())
    }

    /// Runs `statement` to completion and returns what it did, discarding any rows.
    @discardableResult
    public func execute(_ statement: Statement, options: QueryOptions = QueryOptions()) async throws -> ExecutionSummary {
        try await query(statement, options: options).summary()
    }

    /// Runs SQL `text` with `bindings` to completion.
    @discardableResult
    public func execute(_ text: String, _ bindings: [Value] = []) async throws -> ExecutionSummary {
        try await execute(Statement(text, bindings))
    }
}
