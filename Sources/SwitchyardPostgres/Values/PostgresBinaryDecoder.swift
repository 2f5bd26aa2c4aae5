import Foundation
import Switchyard

/// Reads values in PostgreSQL's binary format straight from libpq's buffers into
/// ``Value``: no text is produced and parsed again for numbers, dates or UUIDs.
///
/// Only the types of ``PostgresType/decodesBinary(_:)`` arrive here (the adapter asks
/// for text results whenever a column has another type). Malformed bytes throw
/// rather than crash.
enum PostgresBinaryDecoder {
    static func decode(_ oid: PostgresType.OID, _ bytes: UnsafeRawBufferPointer) throws -> Value {
        switch oid {
        case PostgresType.bool:
            try expect(bytes, 1, oid)
            return .bool(bytes[0] != 0)
        case PostgresType.int2:
            try expect(bytes, 2, oid)
            return .int(Int64(bytes.int16(at: 0)))
        case PostgresType.int4:
            try expect(bytes, 4, oid)
            return .int(Int64(bytes.int32(at: 0)))
        case PostgresType.oid:
            try expect(bytes, 4, oid)
            return .int(Int64(UInt32(bitPattern: bytes.int32(at: 0))))
        case PostgresType.int8:
            try expect(bytes, 8, oid)
            return .int(bytes.int64(at: 0))
        case PostgresType.float4:
            try expect(bytes, 4, oid)
            return .double(Double(Float(bitPattern: UInt32(bitPattern: bytes.int32(at: 0)))))
        case PostgresType.float8:
            try expect(bytes, 8, oid)
            return .double(Double(bitPattern: UInt64(bitPattern: bytes.int64(at: 0))))
        case PostgresType.numeric:
            guard let decimal = PostgresNumeric.decode(bytes) else { throw malformed(oid) }
            return .decimal(decimal)
        case PostgresType.text, PostgresType.varchar, PostgresType.bpchar, PostgresType.name, PostgresType.char,
            PostgresType.unknown:
            return .text(String(decoding: bytes, as: UTF8.self))
        case PostgresType.bytea:
            return .bytes(Array(bytes))
        case PostgresType.date:
            try expect(bytes, 4, oid)
            return PostgresTemporal.date(pgDays: bytes.int32(at: 0))
        case PostgresType.time:
            try expect(bytes, 8, oid)
            return .time(TimeOfDay(microsecondsSinceMidnight: bytes.int64(at: 0)))
        case PostgresType.timestamp:
            try expect(bytes, 8, oid)
            return PostgresTemporal.timestamp(pgMicroseconds: bytes.int64(at: 0), hasTimeZone: false)
        case PostgresType.timestamptz:
            try expect(bytes, 8, oid)
            return PostgresTemporal.timestamp(pgMicroseconds: bytes.int64(at: 0), hasTimeZone: true)
        case PostgresType.uuid:
            try expect(bytes, 16, oid)
            var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &uuid) { $0.copyMemory(from: bytes) }
            return .uuid(UUID(uuid: uuid))
        case PostgresType.json:
            return PostgresTextDecoder.json(String(decoding: bytes, as: UTF8.self))
        case PostgresType.jsonb:
            // Version byte 1, then the JSON text.
            guard bytes.count >= 1, bytes[0] == 1 else { throw malformed(oid) }
            return PostgresTextDecoder.json(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[1...]), as: UTF8.self))
        default:
            if PostgresType.elementOf[oid] != nil { return try array(bytes, oid) }
            return .text(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// `ndim`, a null flag, the element type, (size, lower bound) per dimension, then
    /// each element as a length (−1 for NULL) and its bytes. More than one dimension
    /// reads as nested arrays.
    private static func array(_ bytes: UnsafeRawBufferPointer, _ oid: PostgresType.OID) throws -> Value {
        guard bytes.count >= 12 else { throw malformed(oid) }
        let dimensions = Int(bytes.int32(at: 0))
        let element = PostgresType.OID(bitPattern: bytes.int32(at: 8))
        guard dimensions >= 0, dimensions <= 6, bytes.count >= 12 + 8 * dimensions else { throw malformed(oid) }
        if dimensions == 0 { return .array([]) }
        let sizes = (0..<dimensions).map { Int(bytes.int32(at: 12 + 8 * $0)) }
        guard sizes.allSatisfy({ $0 >= 0 }) else { throw malformed(oid) }
        var offset = 12 + 8 * dimensions
        func read(level: Int) throws -> Value {
            var items: [Value] = []
            items.reserveCapacity(sizes[level])
            for _ in 0..<sizes[level] {
                if level + 1 < dimensions {
                    items.append(try read(level: level + 1))
                    continue
                }
                guard offset + 4 <= bytes.count else { throw malformed(oid) }
                let length = Int(bytes.int32(at: offset))
                offset += 4
                if length < 0 {
                    items.append(.null)
                    continue
                }
                guard offset + length <= bytes.count else { throw malformed(oid) }
                items.append(try decode(element, UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length])))
                offset += length
            }
            return .array(items)
        }
        return try read(level: 0)
    }

    private static func expect(_ bytes: UnsafeRawBufferPointer, _ count: Int, _ oid: PostgresType.OID) throws {
        guard bytes.count == count else { throw malformed(oid) }
    }

    private static func malformed(_ oid: PostgresType.OID) -> SwitchyardError {
        SwitchyardError(.database, "the server sent a malformed binary \(PostgresType.name(of: oid) ?? "type \(oid)") value")
    }
}
