import CSQLite
import Switchyard

/// Binds ``Value``s to a prepared statement's parameters, in SQLite's own terms.
///
/// SQLite has no date, decimal, UUID or document types, so those are bound as the
/// text SQLite's date functions and JSON functions understand (and that the column
/// decoder reads back): dates `YYYY-MM-DD`, times `HH:MM:SS[.ffffff]`, timestamps
/// `YYYY-MM-DD HH:MM:SS[.ffffff]` in UTC, UUIDs lower-case, arrays and documents
/// as JSON, decimals as their exact digits. A NaN double is refused (`SQLITE_MISMATCH`,
/// explained by ``failure(_:binding:)``): SQLite would store NULL for it.
enum SQLiteValueBinder {
    /// Binds `value` to parameter `index` (1-based); returns SQLite's result code.
    static func bind(_ value: Value, to statement: OpaquePointer, at index: Int32) -> Int32 {
        switch value {
        case .null: return sqlite3_bind_null(statement, index)
        case .bool(let b): return sqlite3_bind_int64(statement, index, b ? 1 : 0)
        case .int(let i): return sqlite3_bind_int64(statement, index, i)
        case .double(let d):
            // SQLite stores a NaN bound as a REAL as NULL, without a word: refuse it instead.
            return d.isNaN ? SQLITE_MISMATCH : sqlite3_bind_double(statement, index, d)
        case .decimal(let d): return bindText(d.text, statement, index)
        case .text(let t): return bindText(t, statement, index)
        case .bytes(let b): return bindBytes(b, statement, index)
        case .date(let d): return bindText(d.description, statement, index)
        case .time(let t): return bindText(t.description, statement, index)
        case .timestamp(let t):
            return SQLiteTimestampText.withText(of: t) { bindUTF8($0, statement, index) } ?? bindText(text(of: t), statement, index)
        case .uuid(let u): return bindText(u.uuidString.lowercased(), statement, index)
        case .array, .document: return bindText(JSON.serialize(value), statement, index)
        case .scalar(let s): return bindText(s.text, statement, index)
        }
    }

    /// Why `value` failed to bind with `code`, for an error message.
    static func failure(_ code: Int32, binding value: Value) -> String {
        if case .double(let d) = value, d.isNaN {
            return "NaN cannot be stored: SQLite would store NULL in its place (bind NULL, or the text 'NaN', to mean either)"
        }
        return SQLiteResultCode(code).text
    }

    /// `YYYY-MM-DD HH:MM:SS[.ffffff]` in UTC: the form SQLite's `datetime()` produces; years
    /// beyond 9999 with more digits, years before 1 CE with a `-` (both read back by the decoder).
    static func text(of timestamp: Timestamp) -> String {
        "\(timestamp.calendarDate) \(timestamp.timeOfDay)"
    }

    private static func bindText(_ text: String, _ statement: OpaquePointer, _ index: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { bindUTF8($0, statement, index) }
    }

    private static func bindUTF8(_ utf8: UnsafeBufferPointer<UInt8>, _ statement: OpaquePointer, _ index: Int32) -> Int32 {
        // An empty buffer may have no address, and a NULL pointer would bind SQL NULL.
        guard let base = utf8.baseAddress, utf8.count > 0 else {
            return switchyard_sqlite3_bind_text_transient(statement, index, "", 0)
        }
        guard utf8.count <= Int(Int32.max) else { return SQLITE_TOOBIG }
        return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
            switchyard_sqlite3_bind_text_transient(statement, index, $0, Int32(utf8.count))
        }
    }

    private static func bindBytes(_ bytes: [UInt8], _ statement: OpaquePointer, _ index: Int32) -> Int32 {
        guard !bytes.isEmpty else { return sqlite3_bind_zeroblob(statement, index, 0) }
        guard bytes.count <= Int(Int32.max) else { return SQLITE_TOOBIG }
        return bytes.withUnsafeBytes {
            switchyard_sqlite3_bind_blob_transient(statement, index, $0.baseAddress, Int32($0.count))
        }
    }
}
