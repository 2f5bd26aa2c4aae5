import CSQLite
import Switchyard

extension SwitchyardError {
    /// The error for SQLite result `code`, read from `handle` right after the failing call
    /// (SQLite overwrites its message and offset with the next call).
    ///
    /// - Parameters:
    ///   - duringPrepare: whether preparing failed, which makes `SQLITE_ERROR` a syntax error
    ///     (SQLite reports unknown tables and columns that way too).
    ///   - statement: the whole text the caller sent.
    ///   - pieceOffset: byte offset of the failing statement inside `statement`, for
    ///     texts holding several statements.
    ///   - interruption: why the operation was interrupted, which decides between
    ///     `.cancelled` and `.timeout` for `SQLITE_INTERRUPT`.
    static func sqlite(
        _ code: Int32, handle: SQLiteHandle, duringPrepare: Bool, backend: String, statement: String?,
        pieceOffset: Int = 0, interruption: SQLiteInterruption? = nil
    ) -> SwitchyardError {
        // Step reports the primary code unless extended codes are on; the handle knows the extended one.
        let extended = handle.extendedErrorCode & 0xff == code & 0xff ? handle.extendedErrorCode : code
        let resultCode = SQLiteResultCode(extended)
        var kind = resultCode.kind(duringPrepare: duringPrepare)
        var message = handle.errorMessage
        if resultCode.primary == SQLITE_INTERRUPT {
            switch interruption {
            case .timeout(let limit):
                kind = .timeout
                message = "the statement ran longer than its timeout of \(limit.millisecondsText)"
            case .cancelled, nil:
                message = "the statement was cancelled"
            }
        }
        var position: Int?
        let offset = Int(handle.errorOffset)
        if offset >= 0, let statement {
            position = characterPosition(ofByte: pieceOffset + offset, in: statement)
        }
        return SwitchyardError(kind, message, backend: backend, statement: statement, position: position, code: resultCode.description)
    }

    /// The error for an operation interrupted before SQLite got to run it.
    static func sqliteInterrupted(_ interruption: SQLiteInterruption, backend: String, statement: String?) -> SwitchyardError {
        switch interruption {
        case .timeout(let limit):
            return SwitchyardError(
                .timeout, "the statement ran longer than its timeout of \(limit.millisecondsText)", backend: backend, statement: statement)
        case .cancelled:
            return SwitchyardError(.cancelled, "the statement was cancelled", backend: backend, statement: statement)
        }
    }

    /// 1-based character position of UTF-8 byte `byteOffset` in `text`.
    static func characterPosition(ofByte byteOffset: Int, in text: String) -> Int {
        let utf8 = text.utf8
        let index = utf8.index(utf8.startIndex, offsetBy: min(max(0, byteOffset), utf8.count))
        return text[..<index].count + 1
    }
}
