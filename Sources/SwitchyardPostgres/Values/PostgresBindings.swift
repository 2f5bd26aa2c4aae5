import Switchyard

/// Bound values in the shape `PQsendQueryPrepared` takes: one buffer holding every
/// value, with per-parameter offsets, lengths and formats.
///
/// **Types.** Each value declares the PostgreSQL type it naturally is (see
/// ``declaredType(of:)``): `.int` is `bigint`, `.timestamp` is `timestamptz`, and so
/// on, sent in binary. Text, documents and nulls declare no type (OID 0), so the
/// server infers it from where the parameter stands: `.text("2024-05-01")` can fill a
/// `date` column, a document a `json` or `jsonb` one, an array any array column. For
/// those the adapter learns the inferred type when it prepares the statement and
/// encodes accordingly (an `.array` bound where `jsonb` is expected is written as JSON,
/// elsewhere as an array literal).
///
/// **Allocations.** Two per statement: the parameters' descriptions and the values' bytes
/// (sized up front for binary scalars). The pointer, length and format arrays libpq reads
/// are made on the stack when the statement is sent. (Three arrays grown from empty and the
/// pointers mapped into a fourth had cost five or six allocations a lookup.)
struct PostgresBindings {
    private struct Parameter {
        /// Where the value starts in ``buffer``; −1 for NULL.
        var offset: Int
        var length: Int32
        /// 1 binary, 0 text.
        var format: Int32
    }

    /// The most values one statement can bind: the protocol counts parameters in 16 bits.
    static let maximumCount = Int(UInt16.max)

    private var parameters: [Parameter] = []
    private var buffer: [UInt8] = []

    /// The encoded values' size in bytes.
    var byteCount: Int { buffer.count }

    /// The type a value declares when a statement is prepared for it: 0 lets the server infer it.
    static func declaredType(of value: Value) -> PostgresType.OID {
        switch value {
        case .null, .text, .document: 0
        case .bool: PostgresType.bool
        case .int: PostgresType.int8
        case .double: PostgresType.float8
        case .decimal: PostgresType.numeric
        case .bytes: PostgresType.bytea
        case .date: PostgresType.date
        case .time: PostgresType.time
        case .timestamp: PostgresType.timestamptz
        case .uuid: PostgresType.uuid
        case .scalar(let s): PostgresType.scalarTypes[s.type.lowercased()] ?? 0
        case .array:
            // Left to the server: an array literal fills an `integer[]` as well as a
            // `bigint[]` column, and JSON text a `json` one (a typed `bigint[]` would not
            // compare with `integer[]`, nor assign to `json`).
            0
        }
    }

    /// Encodes `values` for parameters whose server-side types are `types` (what the
    /// prepared statement's description reported).
    init(_ values: [Value], types: [PostgresType.OID]) throws {
        parameters.reserveCapacity(values.count)
        // Room for binary scalars (8 bytes; UUIDs 16) and the closing 0; text grows it.
        buffer.reserveCapacity(values.count * 8 + 1)
        for (index, value) in values.enumerated() {
            try append(value, type: index < types.count ? types[index] : 0, number: index + 1)
        }
        // Never empty, so the buffer always has an address for zero-length values to point at.
        buffer.append(0)
    }

    private mutating func append(_ value: Value, type: PostgresType.OID, number: Int) throws {
        switch value {
        case .null:
            parameters.append(Parameter(offset: -1, length: 0, format: 0))
        case .bool(let b):
            appendBinary(UInt8(b ? 1 : 0))
        case .int(let i):
            appendBinary(i)
        case .double(let d):
            appendBinary(d.bitPattern)
        case .bytes(let bytes):
            appendBinary(bytes)
        case .uuid(let uuid):
            withUnsafeBytes(of: uuid.uuid) { appendBinary($0) }
        case .time(let time):
            appendBinary(time.microsecondsSinceMidnight)
        case .date(let date):
            guard let days = PostgresTemporal.pgDays(date) else {
                throw SwitchyardError(.invalidInput, "value \(number), the date \(date), is outside PostgreSQL's date range")
            }
            appendBinary(days)
        case .timestamp(let timestamp):
            if let micros = PostgresTemporal.pgMicroseconds(timestamp) {
                appendBinary(micros)
            } else {
                try appendText(PostgresTemporal.text(timestamp), number: number)
            }
        case .decimal, .text, .array, .document, .scalar:
            let asJSON = type == PostgresType.json || type == PostgresType.jsonb
            try appendText(PostgresTextEncoder.text(value, asJSON: asJSON) ?? "", number: number)
        }
    }

    private mutating func appendBinary<I: FixedWidthInteger>(_ integer: I) {
        withUnsafeBytes(of: integer.bigEndian) { appendBinary($0) }
    }

    private mutating func appendBinary(_ bytes: some Collection<UInt8>) {
        parameters.append(Parameter(offset: buffer.count, length: Int32(clamping: bytes.count), format: 1))
        buffer.append(contentsOf: bytes)
    }

    /// Text-format values travel NUL-terminated, so a NUL inside would silently cut them short.
    private mutating func appendText(_ text: String, number: Int) throws {
        let start = buffer.count
        buffer.append(contentsOf: text.utf8)
        if buffer[start...].contains(0) {
            buffer.removeSubrange(start...)
            throw SwitchyardError(
                .invalidInput, "value \(number) contains a NUL character (U+0000), which PostgreSQL text cannot hold",
                hint: "bind it as .bytes into a bytea column, or remove the NUL")
        }
        buffer.append(0)
        parameters.append(Parameter(offset: start, length: Int32(clamping: text.utf8.count), format: 0))
    }

    /// Calls `body` with the count of parameters and the value pointers, lengths and formats
    /// libpq takes, valid during the call.
    func withParameters<R>(
        _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<Int32>, UnsafePointer<Int32>) throws -> R
    ) rethrows -> R {
        let count = parameters.count
        return try buffer.withUnsafeBytes { raw in
            try withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: max(count, 1)) { pointers in
                try withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(2 * count, 1)) { integers in
                    for (index, parameter) in parameters.enumerated() {
                        pointers[index] = parameter.offset >= 0
                            ? raw.baseAddress.map { $0.advanced(by: parameter.offset).assumingMemoryBound(to: CChar.self) } : nil
                        integers[index] = parameter.length
                        integers[count + index] = parameter.format
                    }
                    let base = integers.baseAddress!
                    return try body(Int32(count), UnsafePointer(pointers.baseAddress!), UnsafePointer(base), UnsafePointer(base + count))
                }
            }
        }
    }
}
