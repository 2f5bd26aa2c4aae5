import Switchyard

/// Reads RFC 4180 comma-separated values fed in chunks of bytes, as ``CSVFormatter`` writes
/// them and as spreadsheets and `psql`'s `\copy … CSV` do: records end with LF or CRLF, a
/// field in double quotes may hold the delimiter, quotes (doubled) and line breaks.
///
/// An unquoted empty field is NULL and a quoted one (`""`) the empty string, so the two
/// survive a round trip; an empty line is a record of one NULL field (a one-column NULL, as
/// ``CSVFormatter`` writes it and psql reads it). A UTF-8 byte order mark at the start is
/// skipped. Errors name the line a record starts on.
///
/// ```swift
/// var parser = CSVRecordParser()
/// let records = try parser.feed(Array("id,name\r\n1,\"Zoë, \"\"Z\"\"\"\r\n2,\r\n".utf8)) + parser.finish()
/// // fields: ["id", "name"], ["1", "Zoë, \"Z\""], ["2", nil]
/// ```
public struct CSVRecordParser: Sendable {
    /// One record: its fields (`nil` for NULL) and the line it starts on, for messages.
    public struct Record: Sendable, Hashable {
        public var line: Int
        public var fields: [String?]
    }

    private enum State: Sendable {
        /// At the start of a field, nothing of it read.
        case fieldStart
        /// In an unquoted field.
        case unquoted
        /// Inside quotes.
        case quoted
        /// Just after a quote inside quotes: a second quote is one quote, anything else ends the quotes.
        case quoteInQuoted
        /// After a closing quote: only the delimiter or the record's end may follow.
        case afterQuoted
        /// After a CR ending a record: an LF that follows belongs to it.
        case afterCarriageReturn
    }

    private let delimiter: UInt8
    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fieldWasQuoted = false
    private var record: [String?] = []
    /// The line of the next byte (1-based), and the line the current record started on.
    private var line = 1
    private var recordLine = 1
    /// How many bytes of a UTF-8 byte order mark the input began with (a pipe may hand them
    /// over one at a time); `nil` once past the start.
    private var byteOrderMarkRead: Int? = 0
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// A parser for fields separated by `delimiter` (one ASCII character other than a quote,
    /// CR or LF).
    public init(delimiter: Character = ",") throws(SwitchyardError) {
        guard let ascii = delimiter.asciiValue, ![UInt8(ascii: "\""), 10, 13].contains(ascii) else {
            throw SwitchyardError(.invalidInput, "a CSV delimiter must be one ASCII character other than a quote or a line break, not '\(delimiter)'")
        }
        self.delimiter = ascii
    }

    /// The records completed by `bytes`; what is left of an unfinished record waits for the next chunk.
    public mutating func feed(_ bytes: some Collection<UInt8>) throws(SwitchyardError) -> [Record] {
        var records: [Record] = []
        var bytes = bytes[...]
        while let read = byteOrderMarkRead, let byte = bytes.first {
            guard byte == Self.byteOrderMark[read] else {
                // Not a byte order mark after all: what looked like its start is data.
                byteOrderMarkRead = nil
                for byte in Self.byteOrderMark[..<read] {
                    if let done = try consume(byte) { records.append(done) }
                }
                break
            }
            bytes = bytes.dropFirst()
            byteOrderMarkRead = read + 1 < Self.byteOrderMark.count ? read + 1 : nil
        }
        for byte in bytes {
            if let done = try consume(byte) { records.append(done) }
        }
        return records
    }

    /// The last record when the input did not end with a line break; throws if a quoted field is not closed.
    public mutating func finish() throws(SwitchyardError) -> [Record] {
        if let read = byteOrderMarkRead, read > 0 {
            byteOrderMarkRead = nil
            for byte in Self.byteOrderMark[..<read] { _ = try consume(byte) }
        }
        switch state {
        case .quoted:
            throw SwitchyardError(.invalidInput, "line \(recordLine): a quoted field is not closed before the end of the file")
        case .afterCarriageReturn:
            return []
        case .fieldStart where record.isEmpty:
            return []
        default:
            try endField()
            return [takeRecord()]
        }
    }

    private mutating func consume(_ byte: UInt8) throws(SwitchyardError) -> Record? {
        let (lf, cr, quote) = (UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\""))
        if state == .fieldStart, record.isEmpty, byte != lf, byte != cr { recordLine = line }
        if byte == lf {
            defer { line += 1 }
            return try consumeLineFeed()
        }
        switch state {
        case .afterCarriageReturn:
            state = .fieldStart
            return try consume(byte)
        case .fieldStart:
            if byte == quote {
                fieldWasQuoted = true
                state = .quoted
            } else if byte == delimiter {
                try endField()
            } else if byte == cr {
                return try endRecord(thenAfterCR: true)
            } else {
                field.append(byte)
                state = .unquoted
            }
        case .unquoted:
            if byte == delimiter {
                try endField()
                state = .fieldStart
            } else if byte == cr {
                return try endRecord(thenAfterCR: true)
            } else if byte == quote {
                throw SwitchyardError(.invalidInput, "line \(line): a quote inside an unquoted field (quote the whole field and double the quote)")
            } else {
                field.append(byte)
            }
        case .quoted:
            if byte == quote { state = .quoteInQuoted } else { field.append(byte) }
        case .quoteInQuoted:
            if byte == quote {
                field.append(quote)
                state = .quoted
            } else {
                state = .afterQuoted
                return try consume(byte)
            }
        case .afterQuoted:
            if byte == delimiter {
                try endField()
                state = .fieldStart
            } else if byte == cr {
                return try endRecord(thenAfterCR: true)
            } else {
                throw SwitchyardError(.invalidInput, "line \(line): only '\(Character(Unicode.Scalar(delimiter)))' or the end of the line may follow a closing quote")
            }
        }
        return nil
    }

    private mutating func consumeLineFeed() throws(SwitchyardError) -> Record? {
        switch state {
        case .quoted:
            field.append(UInt8(ascii: "\n"))
            return nil
        case .afterCarriageReturn:
            state = .fieldStart
            return nil
        case .quoteInQuoted:
            state = .afterQuoted
            return try endRecord(thenAfterCR: false)
        default:
            return try endRecord(thenAfterCR: false)
        }
    }

    /// Ends the record at a line break.
    private mutating func endRecord(thenAfterCR: Bool) throws(SwitchyardError) -> Record? {
        if state == .fieldStart, record.isEmpty { recordLine = line }
        try endField()
        state = thenAfterCR ? .afterCarriageReturn : .fieldStart
        return takeRecord()
    }

    private mutating func endField() throws(SwitchyardError) {
        if field.isEmpty && !fieldWasQuoted {
            record.append(nil)
        } else {
            // Decoding repairs what is not UTF-8; a repaired text differs from the bytes.
            // (Cheaper per field than the generic `String(validating:as:)`.)
            let text = String(decoding: field, as: UTF8.self)
            guard text.utf8.elementsEqual(field) else {
                throw SwitchyardError(.invalidInput, "line \(recordLine): field \(record.count + 1) is not UTF-8 text")
            }
            record.append(text)
        }
        field.removeAll(keepingCapacity: true)
        fieldWasQuoted = false
    }

    private mutating func takeRecord() -> Record {
        defer { record = [] }
        return Record(line: recordLine, fields: record)
    }
}
