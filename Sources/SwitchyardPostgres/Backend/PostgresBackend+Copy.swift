import CLibPQ
import Switchyard

extension PostgresBackend {
    /// Loads `rows` (values in `columns` order) into `table` with `COPY … FROM STDIN`,
    /// the fastest way into PostgreSQL, and returns how many rows were loaded.
    ///
    /// Rows go in COPY's text format, each value written as its type's input text with
    /// COPY's escaping (backslash, tab, newline, carriage return; `\N` for NULL), so
    /// every type the adapter binds loads exactly. The load is all or nothing: a bad
    /// row fails it with the server's error, which names the line. Inside
    /// ``withTransaction(_:)`` it joins the transaction.
    ///
    /// ```swift
    /// let loaded = try await backend.copy(into: "people", columns: ["id", "name"], rows: [[1, "Ada"], [2, "Grace"]])
    /// ```
    @discardableResult
    public func copy(into table: String, columns: [String], rows: some Sequence<[Value]> & Sendable) async throws -> Int {
        if let transaction = PostgresTransaction.current, transaction.backendID == ObjectIdentifier(self), !transaction.hasEnded {
            return try await transaction.copy(into: table, columns: columns, rows: rows)
        }
        return try await withTransaction(PostgresTransactionOptions()) { transaction in
            try await transaction.copy(into: table, columns: columns, rows: rows)
        }
    }
}

extension PostgresConnection {
    /// Bytes sent per `PQputCopyData` call.
    static let copyChunkSize = 256 * 1024

    /// On any thread: runs the COPY on the connection thread, cancelling it on the
    /// server when the task is cancelled.
    func copy(into table: String, columns: [String], rows: some Sequence<[Value]> & Sendable) async throws -> Int {
        let dialect = PostgresDialect()
        let sql = "COPY \(dialect.quoteQualified(table)) (\(columns.map(dialect.quote).joined(separator: ", "))) FROM STDIN"
        let operation = operations.begin(stopAt: nil, limit: nil)
        return try await withTaskCancellationHandler {
            try await run { [self] in
                defer {
                    noteHealth()
                    operations.end(operation)
                }
                return try copyOnThread(sql: sql, width: columns.count, rows: rows, operation: operation)
            }
        } onCancel: { [operations] in
            operations.interrupt(operation, because: .cancelled)
        }
    }

    private func copyOnThread(sql: String, width: Int, rows: some Sequence<[Value]>, operation: UInt64) throws -> Int {
        guard PQsendQueryParams(handle.pointer, sql, 0, nil, nil, nil, nil, 0) == 1 else { throw connectionError(statement: sql) }
        operations.sent(operation)
        guard let start = PQgetResult(handle.pointer) else { throw connectionError(statement: sql) }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            defer { PQclear(start) }
            let error = SwitchyardError.postgres(
                result: start, connection: handle.pointer, backend: backendName, statement: sql, interruption: nil, secrets: secrets)
            while let rest = PQgetResult(handle.pointer) { PQclear(rest) }
            throw error
        }
        PQclear(start)

        var abort: SwitchyardError?
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.copyChunkSize + 4096)
        func flush() -> Bool {
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer.withUnsafeBufferPointer { raw in
                raw.baseAddress.map { PQputCopyData(handle.pointer, UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self), Int32(raw.count)) } ?? 1
            } == 1
        }
        var number = 0
        for row in rows {
            number += 1
            guard row.count == width else {
                abort = SwitchyardError(
                    .invalidInput, "row \(number) has \(row.count) value\(row.count == 1 ? "" : "s") for \(width) column\(width == 1 ? "" : "s")",
                    backend: backendName, statement: sql)
                break
            }
            for (index, value) in row.enumerated() {
                if index > 0 { buffer.append(0x09) }
                PostgresTextEncoder.appendCopyField(value, to: &buffer)
            }
            buffer.append(0x0A)
            if buffer.count >= Self.copyChunkSize {
                if operations.interruption(of: operation) != nil {
                    abort = SwitchyardError(.cancelled, "the COPY was cancelled", backend: backendName, statement: sql)
                    break
                }
                guard flush() else { break }
            }
        }
        if abort == nil, !buffer.isEmpty { _ = flush() }
        _ = PQputCopyEnd(handle.pointer, abort.map { $0.message } ?? nil)

        var loaded = 0
        var failure: SwitchyardError?
        while let result = PQgetResult(handle.pointer) {
            defer { PQclear(result) }
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                loaded = Int(String(cString: PQcmdTuples(result))) ?? 0
            } else if failure == nil {
                failure = .postgres(
                    result: result, connection: handle.pointer, backend: backendName, statement: sql,
                    interruption: operations.interruption(of: operation), secrets: secrets)
            }
        }
        if let abort { throw abort }
        if let failure { throw failure }
        return loaded
    }
}
