import Switchyard

/// The ``QueryExecutor`` a transaction body receives: every statement runs on the
/// transaction's client with its session id.
///
/// Results are read to the end before `query` returns, because the transaction's one
/// client cannot serve a second statement while a cursor is still reading from it.
/// `use DB` is refused inside a transaction.
struct MongoTransaction: QueryExecutor {
    let backend: MongoBackend
    let handle: MongoSessionHandle

    nonisolated(nonsending) func query(_ statement: Statement, options: QueryOptions) async throws -> ResultSet {
        let command = try backend.prepare(statement, options: options)
        if case .use = command {
            throw SwitchyardError(.unsupported, "cannot switch databases inside a transaction", backend: backend.name, statement: statement.text)
        }
        let (handle, pool, database, name) = (self.handle, backend.pool, backend.currentDatabase, backend.name)
        let text = statement.text
        do {
            return try await backend.workers.run {
                handle.lock.lock()
                defer { handle.lock.unlock() }
                guard let session = handle.session else {
                    throw SwitchyardError(.invalidInput, "the transaction has already ended", backend: name, statement: text)
                }
                var runner = MongoCommandRunner(
                    client: handle.client, collections: handle.collections, pool: pool, database: database, backend: name, statement: text)
                runner.session = session
                let (outcome, _) = try runner.run(command)
                switch outcome {
                case .rows(let rows, let summary):
                    return ResultSet(columns: rows.first?.columns ?? Columns.empty, rows: rows, summary: summary)
                case .cursor(let cursor, let builder, let first):
                    var rows = first
                    while true {
                        let more = try cursor.next(MongoCursorStream.batchSize, as: builder)
                        if more.isEmpty { break }
                        rows += more
                    }
                    cursor.close()
                    return ResultSet(columns: rows.first?.columns ?? Columns(names: builder.fixedColumns ?? []), rows: rows)
                }
            }
        } catch let error as SwitchyardError {
            throw error.attributed(to: name, statement: text)
        }
    }
}
