import Foundation

/// One dynamic value, shared by every backend.
///
/// `Value` is what rows hold, what statements bind and what repositories map
/// entities to. Each adapter converts its library's native representation to and
/// from `Value` directly, so that a round-trip through any backend is lossless for
/// that backend's common types.
///
/// Types a backend has that the core does not model (a MongoDB ObjectId, a
/// PostgreSQL `interval` or `inet`) travel as ``BackendScalar``: a type tag and
/// the backend's canonical text, which the same backend accepts back.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    /// An exact decimal number, kept as its digits (never rounded through `Double`).
    case decimal(ExactDecimal)
    case text(String)
    case bytes([UInt8])
    /// A calendar date without time of day or time zone.
    case date(CalendarDate)
    /// A time of day without date or time zone.
    case time(TimeOfDay)
    /// An instant, microsecond precision, UTC; or a date and time without time zone
    /// (``Timestamp/hasTimeZone`` false), which is written without `Z`.
    case timestamp(Timestamp)
    case uuid(UUID)
    case array([Value])
    /// A nested document whose fields keep their order.
    case document(Document)
    /// A backend-specific scalar such as an ObjectId.
    case scalar(BackendScalar)
}

extension Value {
    /// Whether this is ``null``.
    @inlinable public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name for the kind of value, used in error messages and catalogs.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .double: "double"
        case .decimal: "decimal"
        case .text: "text"
        case .bytes: "bytes"
        case .date: "date"
        case .time: "time"
        case .timestamp: "timestamp"
        case .uuid: "uuid"
        case .array: "array"
        case .document: "document"
        case .scalar(let s): s.type
        }
    }
}

extension Value: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(arrayLiteral elements: Value...) { self = .array(elements) }
}
