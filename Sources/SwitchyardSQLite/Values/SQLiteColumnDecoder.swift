import CSQLite
import Foundation
import Switchyard

/// How one result column turns SQLite's storage into a ``Value``, chosen once per
/// prepared statement from the column's declared type.
///
/// SQLite stores five classes (INTEGER, REAL, TEXT, BLOB, NULL); the declared type
/// says what the application meant (`BOOLEAN`, `TIMESTAMP`, `JSON`…). A value that
/// does not parse as its declared type comes back as its storage class, never as an
/// error: SQLite lets any column hold anything, and reading must not fail on that.
enum SQLiteColumnDecoder: Sendable, Hashable {
    /// INTEGER → `.int`, REAL → `.double`, TEXT → `.text`, BLOB → `.bytes`, NULL → `.null`.
    case storage
    /// `BOOLEAN`, `BOOL`: 0/1 (or text `true`/`false`) → `.bool`.
    case bool
    /// `DATE`: `YYYY-MM-DD` → `.date`.
    case date
    /// `TIME`: `HH:MM[:SS[.ffffff]]` → `.time`.
    case time
    /// `DATETIME`, `TIMESTAMP`: ISO 8601 text, INTEGER Unix seconds, or a REAL Julian day
    /// number (Unix seconds when too large for one) → `.timestamp`. See
    /// `timestamp(julianDayOrUnixSeconds:)`. Text or seconds beyond what a ``Timestamp``
    /// holds (±292,000 years from 1970) stay `.text` or `.int`, as any unparsable value does.
    case timestamp
    /// `DECIMAL`, `NUMERIC`: text or number → `.decimal`.
    case decimal
    /// `JSON`: an object or array in the text → `.document` / `.array`.
    case json
    /// `UUID`: 16-byte blob or canonical text → `.uuid`.
    case uuid

    /// Classifies a declared type such as `DECIMAL(10,2)` or `timestamp with time zone`.
    init(declaredType: String?) {
        guard let declaredType else {
            self = .storage
            return
        }
        let base = declaredType.prefix { $0 != "(" }.uppercased()
        let word = base.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.map(String.init) ?? ""
        switch word {
        case "BOOLEAN", "BOOL": self = .bool
        case "DATE": self = .date
        case "TIME": self = .time
        case "DATETIME", "TIMESTAMP", "TIMESTAMPTZ": self = .timestamp
        case "DECIMAL", "NUMERIC": self = .decimal
        case "JSON", "JSONB": self = .json
        case "UUID": self = .uuid
        default: self = .storage
        }
    }

    /// The value of column `index` of the current row of `statement`.
    @inline(__always)
    func decode(_ statement: OpaquePointer, _ index: Int32) -> Value {
        // One column lookup, then the value's own accessors: each `sqlite3_column_*` call
        // looks the column up again and checks for a failed allocation after. The value is
        // "unprotected" (no mutex of its own), which the connection's single-thread use makes safe.
        guard let cell = sqlite3_column_value(statement, index) else { return .null }
        let type = sqlite3_value_type(cell)
        switch self {
        case .storage:
            return Self.storageValue(cell, type)
        case .bool:
            if type == SQLITE_INTEGER {
                let i = sqlite3_value_int64(cell)
                if i == 0 || i == 1 { return .bool(i == 1) }
            } else if type == SQLITE_TEXT {
                switch Self.text(cell).lowercased() {
                case "true": return .bool(true)
                case "false": return .bool(false)
                default: break
                }
            }
        case .date:
            if type == SQLITE_TEXT, let date = CalendarDate(iso8601: Self.text(cell)) { return .date(date) }
        case .time:
            if type == SQLITE_TEXT, let time = TimeOfDay(iso8601: Self.text(cell)) { return .time(time) }
        case .timestamp:
            if let timestamp = Self.timestamp(cell, type) { return .timestamp(timestamp) }
        case .decimal:
            if let decimal = Self.decimal(cell, type) { return .decimal(decimal) }
        case .json:
            if type == SQLITE_TEXT, let parsed = try? JSON.parse(Self.text(cell)) {
                switch parsed {
                case .document, .array: return parsed
                default: break
                }
            }
        case .uuid:
            if let uuid = Self.uuid(cell, type) { return .uuid(uuid) }
        }
        return Self.storageValue(cell, type)
    }

    @inline(__always)
    private static func storageValue(_ cell: OpaquePointer, _ type: Int32) -> Value {
        switch type {
        case SQLITE_INTEGER: return .int(sqlite3_value_int64(cell))
        case SQLITE_FLOAT: return .double(sqlite3_value_double(cell))
        case SQLITE_TEXT: return .text(text(cell))
        case SQLITE_BLOB: return .bytes(bytes(cell))
        default: return .null
        }
    }

    @inline(__always)
    private static func text(_ cell: OpaquePointer) -> String {
        // Text first, then its length, as SQLite's documentation prescribes.
        guard let pointer = sqlite3_value_text(cell) else { return "" }
        let count = Int(sqlite3_value_bytes(cell))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    @inline(__always)
    private static func bytes(_ cell: OpaquePointer) -> [UInt8] {
        guard let pointer = sqlite3_value_blob(cell) else { return [] }
        let count = Int(sqlite3_value_bytes(cell))
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    private static func timestamp(_ cell: OpaquePointer, _ type: Int32) -> Timestamp? {
        switch type {
        case SQLITE_TEXT:
            // Text first, then its length, as SQLite's documentation prescribes.
            if let pointer = sqlite3_value_text(cell),
                let fast = SQLiteTimestampText.parse(
                    UnsafeBufferPointer(start: pointer, count: Int(sqlite3_value_bytes(cell))))
            {
                return fast
            }
            return Timestamp(iso8601: text(cell))
        case SQLITE_INTEGER:
            let (micros, overflow) = sqlite3_value_int64(cell).multipliedReportingOverflow(by: 1_000_000)
            return overflow ? nil : Timestamp(microsecondsSinceEpoch: micros)
        case SQLITE_FLOAT:
            return timestamp(julianDayOrUnixSeconds: sqlite3_value_double(cell))
        default:
            return nil
        }
    }

    /// A REAL date and time as SQLite's date functions read it with the `auto` modifier:
    /// 0.0 … 5373484.499999 is a Julian day number (what `julianday()` returns: days since
    /// noon UTC of 24 November 4714 BC, up to the end of 9999), kept to the millisecond as
    /// SQLite keeps it; other values within the same span of dates are Unix seconds (what
    /// `unixepoch(…, 'subsec')` returns). `nil` beyond it, and for NaN.
    @inline(__always)
    private static func timestamp(julianDayOrUnixSeconds value: Double) -> Timestamp? {
        // SQLite's bounds and rounding (date.c): Julian days below 5373484.5, to the
        // millisecond; Unix seconds from -4713-11-24 12:00:00 to 9999-12-31 23:59:59.
        if value >= 0, value < 5_373_484.5 {
            let julianMilliseconds = Int64(value * 86_400_000 + 0.5)
            return Timestamp(microsecondsSinceEpoch: (julianMilliseconds - 210_866_760_000_000) * 1_000)
        }
        guard value >= -210_866_760_000, value <= 253_402_300_799 else { return nil }
        return Timestamp(microsecondsSinceEpoch: Int64((value * 1_000_000).rounded()))
    }

    private static func decimal(_ cell: OpaquePointer, _ type: Int32) -> ExactDecimal? {
        switch type {
        case SQLITE_INTEGER: return ExactDecimal(sqlite3_value_int64(cell))
        case SQLITE_FLOAT: return ExactDecimal(String(sqlite3_value_double(cell)))
        case SQLITE_TEXT: return ExactDecimal(text(cell))
        default: return nil
        }
    }

    private static func uuid(_ cell: OpaquePointer, _ type: Int32) -> UUID? {
        switch type {
        case SQLITE_TEXT:
            return UUID(uuidString: text(cell))
        case SQLITE_BLOB:
            let b = bytes(cell)
            guard b.count == 16 else { return nil }
            return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
        default:
            return nil
        }
    }
}
