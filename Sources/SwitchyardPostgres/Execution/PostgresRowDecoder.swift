import CLibPQ
import Switchyard

/// Turns the rows of libpq results into ``Row``s: values decoded straight from the
/// `PQgetvalue` buffers, binary or text, into one array per row that shares the
/// result's ``Columns``.
struct PostgresRowDecoder {
    let columns: Columns
    let columnTypes: [PostgresType.OID]
    let isBinary: Bool

    /// For a prepared statement, from its description.
    init(_ statement: PostgresPreparedStatement) {
        columns = statement.columns
        columnTypes = statement.columnTypes
        isBinary = statement.isBinary
    }

    /// For a result that was not described in advance (sent in text format).
    init(describing result: OpaquePointer, typeName: (PostgresType.OID) -> String?) {
        let count = PQnfields(result)
        let types = (0..<count).map { PQftype(result, $0) }
        columnTypes = types
        columns = Columns((0..<count).map { Column(String(cString: PQfname(result, $0)), declaredType: typeName(types[Int($0)])) })
        isBinary = count > 0 && PQfformat(result, 0) == 1
    }

    /// No columns: a statement that returns no rows.
    init() {
        columns = Columns([])
        columnTypes = []
        isBinary = false
    }

    @inline(__always)
    func row(_ row: Int32, of result: OpaquePointer) throws -> Row {
        var values: [Value] = []
        values.reserveCapacity(columnTypes.count)
        for (index, type) in columnTypes.enumerated() {
            let column = Int32(index)
            if PQgetisnull(result, row, column) != 0 {
                values.append(.null)
                continue
            }
            let bytes = UnsafeRawBufferPointer(start: PQgetvalue(result, row, column), count: Int(PQgetlength(result, row, column)))
            if isBinary {
                values.append(try PostgresBinaryDecoder.decode(type, bytes))
            } else {
                values.append(PostgresTextDecoder.decode(type, String(decoding: bytes, as: UTF8.self)))
            }
        }
        return Row(columns: columns, values: values)
    }
}
