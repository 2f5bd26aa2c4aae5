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
struct PostgresBindings {
    private(set) var formats: [Int32] = []
    private(set) var lengths: [Int32] = []
    /// Offset of each value in ``buffer``; −1 for NULL.
    private var offsets: [Int] = []
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
        formats.reserveCapacity(values.count)
        lengths.reserveCapacity(values.count)
        offsets.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            try append(value, type: index < types.count ? types[index] : 0, number: index + 1)
        }
        // Never empty, so the buffer always has an address for zero-length values to point at.
        buffer.append(0)
    }

    private mutating func append(_ value: Value, type: PostgresType.OID, number: Int) throws {
        switch value {
        case .null:
            offsets.append(-1)
            formats.append(0)
            lengths.append(0)
        case .bool(let b):
            appendBinary([b ? 1 : 0])
        case .int(let i):
            appendBinary(i)
        case .double(let d):
            appendBinary(d.bitPattern)
        case .bytes(let bytes):
            appendBinary(bytes)
        case .uuid(let uuid):
            appendBinary(withUnsafeBytes(of: uuid.uuid) { Array($0) })
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
        offsets.append(buffer.count)
        formats.append(1)
        lengths.append(Int32(clamping: bytes.count))
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
        offsets.append(start)
        formats.append(0)
        lengths.append(Int32(clamping: text.utf8.count))
    }

    /// Calls `body` with the value pointers, lengths and formats libpq takes.
    func withParameters<R>(
        _ body: ([UnsafePointer<CChar>?], [Int32], [Int32]) throws -> R
    ) rethrows -> R {
        try buffer.withUnsafeBytes { raw in
            let pointers = offsets.map { offset -> UnsafePointer<CChar>? in
                guard offset >= 0, let base = raw.baseAddress else { return nil }
                return base.advanced(by: offset).assumingMemoryBound(to: CChar.self)
            }
            return try body(pointers, lengths, formats)
        }
    }
}
