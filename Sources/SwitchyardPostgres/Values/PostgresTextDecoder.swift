import Foundation
import Switchyard

/// Reads values in PostgreSQL's text format (DateStyle ISO, which the adapter sets).
///
/// Used for results that hold a type without a binary decoder, for statements sent
/// through the simple protocol, and for `interval`/`inet`, whose text *is* their
/// ``Switchyard/BackendScalar`` form. A type it does not know comes back as `.text`;
/// text that does not parse as its type also comes back as `.text`, never as a crash.
enum PostgresTextDecoder {
    static func decode(_ oid: PostgresType.OID, _ text: String) -> Value {
        switch oid {
        case PostgresType.bool:
            return text == "t" ? .bool(true) : text == "f" ? .bool(false) : .text(text)
        case PostgresType.int2, PostgresType.int4, PostgresType.int8, PostgresType.oid:
            return Int64(text).map(Value.int) ?? .text(text)
        case PostgresType.float4, PostgresType.float8:
            return Double(text).map(Value.double) ?? .text(text)
        case PostgresType.numeric:
            return ExactDecimal(canonical: text).map(Value.decimal) ?? .text(text)
        case PostgresType.bytea:
            return bytea(text).map(Value.bytes) ?? .text(text)
        case PostgresType.date:
            return PostgresTemporal.parseDate(text) ?? .text(text)
        case PostgresType.time:
            return TimeOfDay(iso8601: text).map(Value.time) ?? .text(text)
        case PostgresType.timestamp:
            return PostgresTemporal.parseTimestamp(text, hasTimeZone: false) ?? .text(text)
        case PostgresType.timestamptz:
            return PostgresTemporal.parseTimestamp(text, hasTimeZone: true) ?? .text(text)
        case PostgresType.uuid:
            return UUID(uuidString: text).map(Value.uuid) ?? .text(text)
        case PostgresType.json, PostgresType.jsonb:
            return json(text)
        default:
            if let scalar = PostgresType.scalarNames[oid] { return .scalar(BackendScalar(type: scalar, text: text)) }
            if let element = PostgresType.elementOf[oid], let items = PostgresArrayLiteral.parse(text) {
                return array(items, element)
            }
            return .text(text)
        }
    }

    /// JSON text as a document, array or scalar; text that is not JSON stays text.
    static func json(_ text: String) -> Value {
        (try? JSON.parse(text)) ?? .text(text)
    }

    /// `\x` followed by hex digits (PostgreSQL's default `bytea_output`).
    static func bytea(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((utf8.count - 2) / 2)
        var index = 2
        while index < utf8.count {
            guard let high = hexValue(utf8[index]), let low = hexValue(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func array(_ items: [PostgresArrayLiteral.Element], _ element: PostgresType.OID) -> Value {
        .array(items.map { item in
            switch item {
            case .null: .null
            case .text(let text): decode(element, text)
            case .nested(let nested): array(nested, element)
            }
        })
    }
}
