import CLibPQ
import Switchyard

extension PostgresConnection {
    /// The most bound values a statement may have and still be described. The description's
    /// parameter list (a ParameterDescription message of 6 + 4 × count bytes) must stay within
    /// the 30,000 bytes libpq accepts for a message it does not expect to be long: above that
    /// it drops the connection ("lost synchronization with server: got message type \"t\"").
    /// Statements with more values run unprepared (``PostgresCursor``).
    static let describableParameterCount = (30_000 - 6) / 4

    /// On the connection thread: the prepared statement for `text` bound with
    /// `values`, from the cache, or prepared and described now (two round trips, once
    /// per connection and text).
    ///
    /// - Parameters:
    ///   - reportedAs: the statement text errors name (the caller's whole text).
    ///   - positionOffset: where `text` starts within it, for error positions.
    func preparedStatement(for text: String, values: [Value], reportedAs: String, positionOffset: Int) throws -> PostgresPreparedStatement {
        if let cached = cache.lookup(text, for: values) { return cached }
        let declared = values.map(PostgresBindings.declaredType)
        let name = cache.isEnabled ? cache.makeName() : ""
        let prepared = declared.withUnsafeBufferPointer { types in
            PQprepare(handle.pointer, name, text, Int32(declared.count), types.baseAddress)
        }
        defer { PQclear(prepared) }
        try check(prepared, is: PGRES_COMMAND_OK, statement: reportedAs, positionOffset: positionOffset)

        let description = PQdescribePrepared(handle.pointer, name)
        defer { PQclear(description) }
        try check(description, is: PGRES_COMMAND_OK, statement: reportedAs, positionOffset: positionOffset)
        guard let description else { throw connectionError(statement: reportedAs) }

        let parameterCount = Int(PQnparams(description))
        guard parameterCount == values.count else {
            if !name.isEmpty { _ = try? executeSimple("DEALLOCATE \(name)") }
            throw SwitchyardError.parameterCount(expected: parameterCount, given: values.count, backend: backendName, statement: reportedAs)
        }
        let parameterTypes = (0..<Int32(parameterCount)).map { PQparamtype(description, $0) }
        let fieldCount = PQnfields(description)
        let columnTypes = (0..<fieldCount).map { PQftype(description, $0) }
        let columns = Columns(
            (0..<fieldCount).map { index in
                Column(String(cString: PQfname(description, index)), declaredType: typeName(columnTypes[Int(index)]))
            })
        let statement = PostgresPreparedStatement(
            name: name, text: text, declaredTypes: declared, parameterTypes: parameterTypes, columns: columns,
            columnTypes: columnTypes, isBinary: columnTypes.allSatisfy(PostgresType.decodesBinary))
        if !name.isEmpty {
            for evicted in cache.insert(statement) {
                _ = try? executeSimple("DEALLOCATE \(evicted.name)")
            }
        }
        return statement
    }

    /// Throws the error a result reports unless its status is `expected`.
    func check(_ result: OpaquePointer?, is expected: ExecStatusType, statement: String, positionOffset: Int = 0) throws {
        guard let result else {
            noteHealth()
            throw connectionError(statement: statement)
        }
        guard PQresultStatus(result) != expected else { return }
        noteHealth()
        throw SwitchyardError.postgres(
            result: result, connection: handle.pointer, backend: backendName, statement: statement,
            positionOffset: positionOffset, interruption: nil, secrets: secrets)
    }

    /// The name of a column type: from the built-in table, or asked of the server once
    /// per connection for others (enums, domains, extension types).
    func typeName(_ oid: PostgresType.OID) -> String? {
        if let known = PostgresType.name(of: oid) { return known }
        if let asked = cache.typeNames[oid] { return asked }
        let text = "SELECT format_type(\(oid), NULL)"
        guard let result = PQexecParams(handle.pointer, text, 0, nil, nil, nil, nil, 0) else { return nil }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_TUPLES_OK, PQntuples(result) == 1, PQgetisnull(result, 0, 0) == 0 else { return nil }
        let name = String(cString: PQgetvalue(result, 0, 0))
        cache.typeNames[oid] = name
        return name
    }
}

extension SwitchyardError {
    /// More bound values than the protocol can carry (its parameter count is 16 bits).
    static func tooManyValues(_ count: Int, backend: String, statement: String) -> SwitchyardError {
        SwitchyardError(
            .invalidInput, "PostgreSQL takes at most 65,535 bound values; this statement has \(count)",
            backend: backend, statement: statement,
            hint: "run it in batches of fewer values, load many rows with copy(into:columns:rows:) (COPY), or bind one array: `WHERE id = ANY($1)` with an .array value")
    }

    /// Too few or too many values for a statement's `$n` parameters.
    static func parameterCount(expected: Int, given: Int, backend: String, statement: String) -> SwitchyardError {
        SwitchyardError(
            .invalidInput,
            "the statement has \(expected) parameter\(expected == 1 ? "" : "s") but \(given) value\(given == 1 ? " was" : "s were") bound",
            backend: backend, statement: statement)
    }
}
