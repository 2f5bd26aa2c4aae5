import CLibPQ
import Switchyard

/// Turns the rows of libpq results into ``Row``s: values decoded straight from the
/// `PQgetvalue` buffers, binary or text, into a batch's shared buffer of values
/// (``RowBatchBuilder``); the rows share the result's ``Columns``.
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
        columns = Columns.empty
        columnTypes = []
        isBinary = false
    }

    /// Decodes row `row` of `result` into `builder`.
    @inline(__always)
    func appendRow(_ row: Int32, of result: OpaquePointer, to builder: inout RowBatchBuilder) throws {
        for (index, type) in columnTypes.enumerated() {
            let column = Int32(index)
            // A NULL has length 0: only then ask whether it is one (each call checks its indexes).
            let length = Int(PQgetlength(result, row, column))
            if length == 0, PQgetisnull(result, row, column) != 0 {
                builder.append(.null)
                continue
            }
            let bytes = UnsafeRawBufferPointer(start: PQgetvalue(result, row, column), count: length)
            if isBinary {
                builder.append(try PostgresBinaryDecoder.decode(type, bytes))
            } else {
                builder.append(PostgresTextDecoder.decode(type, String(decoding: bytes, as: UTF8.self)))
            }
        }
        builder.endRow()
    }
}
