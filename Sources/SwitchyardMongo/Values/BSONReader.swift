import CMongoC
import Foundation
import Switchyard

/// Reads libbson documents straight into ``Value``s with `bson_iter_t`, field order
/// preserved and no intermediate dictionaries.
///
/// Every BSON type has a lossless ``Value``: int32 and int64 become ``Value/int(_:)``,
/// dates ``Value/timestamp(_:)`` (milliseconds), Decimal128 ``Value/decimal(_:)``,
/// binary subtype 0 ``Value/bytes(_:)``, subtype 4 ``Value/uuid(_:)``; ObjectId,
/// regex, timestamp, other binary subtypes, min/max key and JavaScript code become
/// ``BackendScalar``s (see ``MongoScalarType``) that ``BSONWriter`` writes back as
/// the same BSON type. The deprecated `undefined` reads as null and `symbol` as text.
///
/// One reader owns a stack of heap iterators (one per nesting depth) and reuses them
/// for every document it reads, so decoding allocates only the values themselves.
/// It is not thread-safe: each cursor (one thread at a time) has its own.
final class BSONReader {
    private var iterators: [OpaquePointer] = []

    init() {}

    deinit {
        for iterator in iterators { sy_bson_iter_free(iterator) }
    }

    /// The iterator for `depth`, allocated the first time that depth is reached.
    private func iterator(at depth: Int) -> OpaquePointer {
        while iterators.count <= depth {
            guard let made = sy_bson_iter_new() else { fatalError("libbson could not allocate an iterator") }
            iterators.append(made)
        }
        return iterators[depth]
    }

    /// Every field of `bson`, in order.
    func document(_ bson: OpaquePointer) -> Document {
        let iter = iterator(at: 0)
        guard bson_iter_init(iter, bson) else { return Document() }
        return fields(iter, depth: 0)
    }

    /// The top-level field names of `bson`, in order.
    func keys(_ bson: OpaquePointer) -> [String] {
        let iter = iterator(at: 0)
        guard bson_iter_init(iter, bson) else { return [] }
        var names: [String] = []
        names.reserveCapacity(Int(bson_count_keys(bson)))
        while bson_iter_next(iter) { names.append(BSONReader.key(iter)) }
        return names
    }

    /// Appends `bson`'s values to `batch` as one row and returns true if its field names are
    /// exactly `keys`, in order; otherwise leaves `batch` as it was and returns false. The
    /// names are compared as bytes, no `String` made.
    func appendRow(_ bson: OpaquePointer, ifKeysAre keys: BSONKeys, to batch: inout RowBatchBuilder) -> Bool {
        let iter = iterator(at: 0)
        guard bson_iter_init(iter, bson) else { return false }
        for index in 0..<keys.count {
            guard bson_iter_next(iter), keys.matches(index, iter) else {
                batch.discardRow()
                return false
            }
            batch.append(value(iter, depth: 0))
        }
        guard !bson_iter_next(iter) else {
            batch.discardRow()
            return false
        }
        batch.endRow()
        return true
    }

    /// The fields `iter` walks (positioned before its first field).
    private func fields(_ iter: OpaquePointer, depth: Int) -> Document {
        var fields: [Document.Field] = []
        while bson_iter_next(iter) {
            fields.append(Document.Field(BSONReader.key(iter), value(iter, depth: depth)))
        }
        return Document(fields)
    }

    static func key(_ iter: OpaquePointer) -> String {
        let length = Int(bson_iter_key_len(iter))
        guard let pointer = bson_iter_key(iter) else { return "" }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    /// The value of the field `iter` is on.
    func value(_ iter: OpaquePointer, depth: Int) -> Value {
        switch bson_iter_type(iter) {
        case BSON_TYPE_DOUBLE: return .double(bson_iter_double(iter))
        case BSON_TYPE_UTF8, BSON_TYPE_SYMBOL:
            var length: UInt32 = 0
            guard let pointer = bson_iter_utf8(iter, &length) else { return .text("") }
            return .text(pointer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                String(decoding: UnsafeBufferPointer(start: $0, count: Int(length)), as: UTF8.self)
            })
        case BSON_TYPE_DOCUMENT:
            let child = iterator(at: depth + 1)
            guard bson_iter_recurse(iter, child) else { return .document(Document()) }
            return .document(fields(child, depth: depth + 1))
        case BSON_TYPE_ARRAY:
            let child = iterator(at: depth + 1)
            guard bson_iter_recurse(iter, child) else { return .array([]) }
            var values: [Value] = []
            while bson_iter_next(child) { values.append(value(child, depth: depth + 1)) }
            return .array(values)
        case BSON_TYPE_BINARY:
            var subtype = BSON_SUBTYPE_BINARY
            var length: UInt32 = 0
            var pointer: UnsafePointer<UInt8>?
            bson_iter_binary(iter, &subtype, &length, &pointer)
            let bytes = pointer.map { Array(UnsafeBufferPointer(start: $0, count: Int(length))) } ?? []
            if subtype == BSON_SUBTYPE_BINARY { return .bytes(bytes) }
            if subtype == BSON_SUBTYPE_UUID, bytes.count == 16 {
                return .uuid(UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                                         bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15])))
            }
            return MongoScalarType.binary(subtype: UInt8(truncatingIfNeeded: subtype.rawValue), bytes: bytes)
        case BSON_TYPE_OID:
            guard let oid = bson_iter_oid(iter) else { return .null }
            var buffer = [CChar](repeating: 0, count: 25)
            bson_oid_to_string(oid, &buffer)
            return MongoScalarType.objectId(String(cBuffer: buffer))
        case BSON_TYPE_BOOL: return .bool(bson_iter_bool(iter))
        case BSON_TYPE_DATE_TIME:
            return MongoScalarType.date(milliseconds: bson_iter_date_time(iter))
        case BSON_TYPE_NULL, BSON_TYPE_UNDEFINED: return .null
        case BSON_TYPE_REGEX:
            var options: UnsafePointer<CChar>?
            let pattern = bson_iter_regex(iter, &options).map { String(cString: $0) } ?? ""
            return MongoScalarType.regex(pattern, flags: options.map { String(cString: $0) } ?? "")
        case BSON_TYPE_CODE, BSON_TYPE_CODEWSCOPE:
            var length: UInt32 = 0
            let code = bson_iter_code(iter, &length).map { String(cString: $0) } ?? ""
            return .scalar(BackendScalar(type: MongoScalarType.javascript, text: code))
        case BSON_TYPE_INT32: return .int(Int64(bson_iter_int32(iter)))
        case BSON_TYPE_TIMESTAMP:
            var seconds: UInt32 = 0
            var increment: UInt32 = 0
            bson_iter_timestamp(iter, &seconds, &increment)
            return MongoScalarType.timestamp(seconds: seconds, increment: increment)
        case BSON_TYPE_INT64: return .int(bson_iter_int64(iter))
        case BSON_TYPE_DECIMAL128:
            var dec = bson_decimal128_t()
            guard bson_iter_decimal128(iter, &dec) else { return .null }
            var buffer = [CChar](repeating: 0, count: Int(BSON_DECIMAL128_STRING))
            bson_decimal128_to_string(&dec, &buffer)
            let text = String(cBuffer: buffer)
            return ExactDecimal(text).map(Value.decimal) ?? .scalar(BackendScalar(type: "decimal128", text: text))
        case BSON_TYPE_MINKEY: return .scalar(BackendScalar(type: MongoScalarType.minKey, text: "MinKey"))
        case BSON_TYPE_MAXKEY: return .scalar(BackendScalar(type: MongoScalarType.maxKey, text: "MaxKey"))
        case BSON_TYPE_DBPOINTER:
            var length: UInt32 = 0
            var collection: UnsafePointer<CChar>?
            var oid: UnsafePointer<bson_oid_t>?
            bson_iter_dbpointer(iter, &length, &collection, &oid)
            var buffer = [CChar](repeating: 0, count: 25)
            if let oid { bson_oid_to_string(oid, &buffer) }
            return .scalar(BackendScalar(type: MongoScalarType.dbPointer, text: "\(collection.map { String(cString: $0) } ?? "")/\(String(cBuffer: buffer))"))
        default: return .null
        }
    }
}

/// Field names as UTF-8 bytes, to recognise a document's keys without decoding them.
struct BSONKeys {
    private let bytes: [UInt8]
    private let ranges: [Range<Int>]

    init(_ names: [String]) {
        // Sized once: grown from empty, the two arrays cost four allocations a lookup.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(names.reduce(0) { $0 + $1.utf8.count })
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(names.count)
        for name in names {
            let start = bytes.count
            bytes.append(contentsOf: name.utf8)
            ranges.append(start..<bytes.count)
        }
        self.bytes = bytes
        self.ranges = ranges
    }

    var count: Int { ranges.count }

    /// Whether the key `iter` is on is name `index`.
    func matches(_ index: Int, _ iter: OpaquePointer) -> Bool {
        let range = ranges[index]
        guard Int(bson_iter_key_len(iter)) == range.count, let key = bson_iter_key(iter) else { return false }
        return bytes.withUnsafeBufferPointer { memcmp(key, $0.baseAddress! + range.lowerBound, range.count) == 0 }
    }
}
