import CMongoC
import Foundation
import Switchyard

/// Writes ``Value``s into libbson documents, field order preserved.
///
/// Integers are written as BSON int32 when they fit and as int64 otherwise, which
/// is what mongosh does for integer literals: a field written as int32 by another
/// client keeps its width when read into ``Value/int(_:)`` and written back, and
/// MongoDB compares numbers across widths, so queries are unaffected. `NumberLong(…)`
/// in a statement (``MongoScalarType/int64``) forces int64.
///
/// Instants (``Value/timestamp(_:)``) become BSON dates, which hold milliseconds: the
/// microseconds below a millisecond are dropped (rounded toward the past).
/// ``Value/date(_:)`` becomes a BSON date at midnight UTC, ``Value/time(_:)`` its text.
enum BSONWriter {
    /// A new heap `bson_t` holding `document`; the caller destroys it with `bson_destroy`.
    static func makeBSON(_ document: Document) throws -> OpaquePointer {
        let bson: OpaquePointer = bson_new()
        do {
            try append(document, to: bson)
        } catch {
            bson_destroy(bson)
            throw error
        }
        return bson
    }

    /// Runs `body` with a temporary BSON copy of `document`, destroyed afterwards.
    static func withBSON<T>(_ document: Document, _ body: (OpaquePointer) throws -> T) throws -> T {
        try withBSONStorage { bson in
            bson_init(bson)
            defer { bson_destroy(bson) }
            try append(document, to: bson)
            return try body(bson)
        }
    }

    /// Runs `body` with uninitialised room for one `bson_t` on the stack, as a C programmer
    /// declares a local `bson_t`: `bson_new` (or `bson_malloc0`) is an aligned heap allocation,
    /// ≈ 600 instructions with its free. `bson_init` there, or let libbson initialise it (a
    /// child document, a reply); `bson_destroy` then frees only what the document grew into.
    /// The size and alignment are checked against libbson's in CMongoC's shim.h.
    static func withBSONStorage<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        // Aligned here: asked for an alignment of 128, `withUnsafeTemporaryAllocation` falls
        // back to an aligned heap allocation — the cost this avoids.
        try withUnsafeTemporaryAllocation(byteCount: 128 + 127, alignment: 16) { storage in
            let address = (Int(bitPattern: storage.baseAddress!) + 127) & ~127
            return try body(OpaquePointer(bitPattern: address)!)
        }
    }

    static func append(_ document: Document, to bson: OpaquePointer) throws {
        for field in document.fields {
            try append(field.value, key: field.name, to: bson)
        }
    }

    static func append(_ values: [Value], toArray bson: OpaquePointer) throws {
        for (index, value) in values.enumerated() {
            try append(value, key: String(index), to: bson)
        }
    }

    static func append(_ value: Value, key: String, to bson: OpaquePointer) throws {
        try key.withCString { try appendValue(value, $0, Int32(strlen($0)), bson) }
    }

    /// Turns libbson's `false` (a name holding NUL, a document over the size limit) into an error.
    private static func check(_ ok: Bool, _ key: UnsafePointer<CChar>) throws {
        guard !ok else { return }
        throw SwitchyardError(
            .invalidInput, "field '\(String(cString: key))' could not be written as BSON (a name containing NUL, or a document over 16 MB)")
    }

    private static func appendValue(_ value: Value, _ k: UnsafePointer<CChar>, _ kl: Int32, _ b: OpaquePointer) throws {
        switch value {
        case .null: try check(bson_append_null(b, k, kl), k)
        case .bool(let v): try check(bson_append_bool(b, k, kl, v), k)
        case .int(let v):
            if let small = Int32(exactly: v) {
                try check(bson_append_int32(b, k, kl, small), k)
            } else {
                try check(bson_append_int64(b, k, kl, v), k)
            }
        case .double(let v): try check(bson_append_double(b, k, kl, v), k)
        case .decimal(let v):
            var dec = bson_decimal128_t()
            guard bson_decimal128_from_string(v.text, &dec) else {
                throw SwitchyardError(
                    .invalidInput, "decimal \(v.text) does not fit BSON Decimal128 (34 significant digits, exponent ±6143)")
            }
            try check(bson_append_decimal128(b, k, kl, &dec), k)
        case .text(let s):
            var s = s
            let ok = s.withUTF8 { utf8 in
                utf8.withMemoryRebound(to: CChar.self) { chars in
                    guard let base = chars.baseAddress else { return bson_append_utf8(b, k, kl, k, 0) }
                    return bson_append_utf8(b, k, kl, base, Int32(chars.count))
                }
            }
            try check(ok, k)
        case .bytes(let bytes):
            try appendBinary(bytes, subtype: BSON_SUBTYPE_BINARY, k, kl, b)
        case .uuid(let uuid):
            try appendBinary(withUnsafeBytes(of: uuid.uuid) { Array($0) }, subtype: BSON_SUBTYPE_UUID, k, kl, b)
        case .timestamp(let t):
            try check(bson_append_date_time(b, k, kl, floorDivide(t.microsecondsSinceEpoch, 1_000)), k)
        case .date(let d):
            let (ms, overflow) = d.daysSinceEpoch.multipliedReportingOverflow(by: 86_400_000)
            guard !overflow else {
                throw SwitchyardError(.invalidInput, "the date \(d) is beyond the range of a BSON date (about ±292 million years from 1970)")
            }
            try check(bson_append_date_time(b, k, kl, ms), k)
        case .time(let t):
            try appendValue(.text(t.description), k, kl, b)
        case .array(let values):
            try withBSONStorage { child in
                try check(bson_append_array_begin(b, k, kl, child), k)
                defer { bson_append_array_end(b, child) }
                for (index, element) in values.enumerated() {
                    try String(index).withCString { try appendValue(element, $0, Int32(strlen($0)), child) }
                }
            }
        case .document(let document):
            try withBSONStorage { child in
                try check(bson_append_document_begin(b, k, kl, child), k)
                defer { bson_append_document_end(b, child) }
                for field in document.fields {
                    try field.name.withCString { try appendValue(field.value, $0, Int32(strlen($0)), child) }
                }
            }
        case .scalar(let scalar):
            try appendScalar(scalar, k, kl, b)
        }
    }

    private static func appendBinary(
        _ bytes: [UInt8], subtype: bson_subtype_t, _ k: UnsafePointer<CChar>, _ kl: Int32, _ b: OpaquePointer
    ) throws {
        try check(bytes.withUnsafeBufferPointer { bson_append_binary(b, k, kl, subtype, $0.baseAddress, UInt32($0.count)) }, k)
    }

    private static func appendScalar(_ scalar: BackendScalar, _ k: UnsafePointer<CChar>, _ kl: Int32, _ b: OpaquePointer) throws {
        let invalid = SwitchyardError(.invalidInput, "'\(scalar.text)' is not a valid \(scalar.type) value")
        switch scalar.type {
        case MongoScalarType.objectId:
            guard scalar.text.utf8.count == 24, bson_oid_is_valid(scalar.text, 24) else {
                throw SwitchyardError(.invalidInput, "'\(scalar.text)' is not an ObjectId (24 hex digits)")
            }
            var oid = bson_oid_t()
            bson_oid_init_from_string(&oid, scalar.text)
            try check(bson_append_oid(b, k, kl, &oid), k)
        case MongoScalarType.regex:
            guard let (pattern, flags) = MongoScalarType.splitRegex(scalar.text) else {
                throw SwitchyardError(.invalidInput, "'\(scalar.text)' is not a regular expression written /pattern/flags")
            }
            try check(bson_append_regex(b, k, kl, pattern, flags), k)
        case MongoScalarType.minKey: try check(bson_append_minkey(b, k, kl), k)
        case MongoScalarType.maxKey: try check(bson_append_maxkey(b, k, kl), k)
        case MongoScalarType.int32:
            guard let v = Int32(scalar.text) else { throw invalid }
            try check(bson_append_int32(b, k, kl, v), k)
        case MongoScalarType.int64:
            guard let v = Int64(scalar.text) else { throw invalid }
            try check(bson_append_int64(b, k, kl, v), k)
        case MongoScalarType.javascript: try check(bson_append_code(b, k, kl, scalar.text), k)
        case MongoScalarType.timestamp:
            guard let (seconds, increment) = MongoScalarType.timestampParts(scalar.text) else { throw invalid }
            try check(bson_append_timestamp(b, k, kl, seconds, increment), k)
        case MongoScalarType.date:
            guard let ms = MongoScalarType.dateMilliseconds(scalar.text) else { throw invalid }
            try check(bson_append_date_time(b, k, kl, ms), k)
        case MongoScalarType.binary:
            guard let (subtype, bytes) = MongoScalarType.binaryParts(scalar.text) else { throw invalid }
            try appendBinary(bytes, subtype: bson_subtype_t(rawValue: UInt32(subtype)), k, kl, b)
        case MongoScalarType.placeholder:
            throw SwitchyardError(.invalidInput, "placeholder $\(scalar.text) has no bound value")
        default:
            try appendValue(.text(scalar.text), k, kl, b)
        }
    }
}

func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
