import Switchyard

/// The SQL text of one request, with its UTF-8 bytes for preparing one statement
/// after another (`INSERT …; SELECT …`).
///
/// Not `Sendable`: it lives in one cursor on one connection thread.
struct SQLiteStatementText {
    let string: String
    /// NUL-terminated UTF-8, made only when a statement has to be prepared.
    private lazy var bytes: ContiguousArray<CChar> = string.utf8CString

    init(_ string: String) { self.string = string }

    /// Length in UTF-8 bytes.
    var byteCount: Int { string.utf8.count }

    /// Calls `body` with a pointer to the text from byte `offset` and the bytes that remain.
    mutating func withCString<R>(from offset: Int, _ body: (UnsafePointer<CChar>, Int) -> R) -> R {
        let count = byteCount
        return bytes.withUnsafeBufferPointer { buffer in
            let start = min(offset, count)
            // The buffer always holds the terminating NUL, so its base address is never nil.
            return body(buffer.baseAddress! + start, count - start)
        }
    }

    /// The text from byte `offset` on.
    mutating func remainder(from offset: Int) -> String {
        withCString(from: offset) { start, count in
            String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
        }
    }

    /// Whether another statement starts at or after byte `offset` (not only whitespace,
    /// comments and semicolons).
    mutating func hasStatement(from offset: Int) -> Bool {
        guard offset < byteCount else { return false }
        for token in SQLTokenizer(remainder(from: offset)) {
            switch token.kind {
            case .whitespace, .comment: continue
            case .punctuation where token.text == ";": continue
            default: return true
            }
        }
        return false
    }
}
