/// The PostgreSQL types the adapter knows by OID (the values are fixed in
/// `pg_type.dat` and never change), and what it knows about each.
///
/// A type not listed here is still read, as text: unknown types never fail.
enum PostgresType {
    typealias OID = UInt32

    static let bool: OID = 16
    static let bytea: OID = 17
    static let char: OID = 18
    static let name: OID = 19
    static let int8: OID = 20
    static let int2: OID = 21
    static let int4: OID = 23
    static let text: OID = 25
    static let oid: OID = 26
    static let json: OID = 114
    static let float4: OID = 700
    static let float8: OID = 701
    static let unknown: OID = 705
    static let cidr: OID = 650
    static let inet: OID = 869
    static let bpchar: OID = 1042
    static let varchar: OID = 1043
    static let date: OID = 1082
    static let time: OID = 1083
    static let timestamp: OID = 1114
    static let timestamptz: OID = 1184
    static let interval: OID = 1186
    static let numeric: OID = 1700
    static let uuid: OID = 2950
    static let jsonb: OID = 3802

    /// Element type → array type, for every element type the adapter decodes.
    static let arrayOf: [OID: OID] = [
        bool: 1000, bytea: 1001, char: 1002, name: 1003, int2: 1005, int4: 1007, text: 1009, bpchar: 1014,
        varchar: 1015, int8: 1016, float4: 1021, float8: 1022, oid: 1028, inet: 1041, date: 1182, time: 1183,
        timestamp: 1115, timestamptz: 1185, interval: 1187, numeric: 1231, uuid: 2951, json: 199, jsonb: 3807,
        cidr: 651,
    ]

    /// Array type → element type.
    static let elementOf: [OID: OID] = Dictionary(uniqueKeysWithValues: arrayOf.map { ($1, $0) })

    /// Types read as ``Switchyard/BackendScalar`` with PostgreSQL's own text, which binds back losslessly.
    static let scalarNames: [OID: String] = [interval: "interval", inet: "inet", cidr: "cidr"]

    /// Scalar type tags the adapter binds with their type (others bind as untyped text).
    static let scalarTypes: [String: OID] = [
        "interval": interval, "inet": inet, "cidr": cidr, "date": date, "timestamp": timestamp,
        "timestamptz": timestamptz, "numeric": numeric, "time": time,
    ]

    /// Types whose binary format the adapter decodes; a result made only of these is
    /// fetched in binary, any other in text.
    static func decodesBinary(_ type: OID) -> Bool {
        switch type {
        case bool, bytea, char, name, int8, int2, int4, text, oid, json, float4, float8, bpchar, varchar, date, time,
            timestamp, timestamptz, numeric, uuid, jsonb, unknown:
            return true
        default:
            guard let element = elementOf[type] else { return false }
            return scalarNames[element] == nil && decodesBinary(element)
        }
    }

    /// The name `format_type` gives a type, for column descriptions; `nil` when unknown.
    static func name(of type: OID) -> String? {
        if let element = elementOf[type] { return name(of: element).map { $0 + "[]" } }
        switch type {
        case bool: return "boolean"
        case bytea: return "bytea"
        case char: return "\"char\""
        case name: return "name"
        case int8: return "bigint"
        case int2: return "smallint"
        case int4: return "integer"
        case text: return "text"
        case oid: return "oid"
        case json: return "json"
        case float4: return "real"
        case float8: return "double precision"
        case unknown: return "unknown"
        case cidr: return "cidr"
        case inet: return "inet"
        case bpchar: return "character"
        case varchar: return "character varying"
        case date: return "date"
        case time: return "time without time zone"
        case timestamp: return "timestamp without time zone"
        case timestamptz: return "timestamp with time zone"
        case interval: return "interval"
        case numeric: return "numeric"
        case uuid: return "uuid"
        case jsonb: return "jsonb"
        default: return nil
        }
    }
}
