import Dispatch
import Switchyard
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The records of a CSV file as a ``ResultSet`` of text values (NULL for an unquoted empty
/// field), read batch by batch as the consumer pulls, so a file of any size streams: what
/// `\copy TABLE FROM 'file.csv'` copies.
///
/// Reads happen on a queue of their own, never on Swift's cooperative pool (the path may
/// name a pipe). Every record must have as many fields as there are columns; errors name
/// the file and the line.
final class CSVFileRows: RowStream {
    private struct State {
        var descriptor: Int32
        var parser: CSVRecordParser
        var pending: [CSVRecordParser.Record] = []
        var atEnd = false
        var rowsRead = 0
    }

    private let path: String
    private let columns: Columns
    private let state: Locked<State>
    private static let recordsPerBatch = 512

    /// Opens `path`. With `header`, its first record names the columns (and `names`, when
    /// given, must match its width); without, `names` does, and the file has no header.
    static func reading(path: String, header: Bool, delimiter: Character, names: [String]?) async throws -> ResultSet {
        let parser = try CSVRecordParser(delimiter: delimiter)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SwitchyardError(.notFound, "cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        let reader = Reader(path: path, state: Locked(State(descriptor: descriptor, parser: parser)))
        var columnNames = names ?? []
        if header {
            guard let first = try await reader.next(1).first else {
                reader.closeFile()
                throw SwitchyardError(.invalidInput, "'\(path)' is empty: it has no header line")
            }
            let headerNames = first.fields.enumerated().map { $0.element ?? "column\($0.offset + 1)" }
            if names == nil { columnNames = headerNames }
            guard columnNames.count == headerNames.count else {
                reader.closeFile()
                throw SwitchyardError(
                    .invalidInput, "'\(path)' has \(headerNames.count) columns in its header, but the column list names \(columnNames.count)")
            }
        }
        guard !columnNames.isEmpty else {
            reader.closeFile()
            throw SwitchyardError(.invalidInput, "'\(path)': name the columns, or read them from its first line with HEADER")
        }
        reader.state.withLock { $0.rowsRead = 0 }  // the header is no row
        let stream = CSVFileRows(path: path, columns: Columns(names: columnNames), state: reader.state)
        return ResultSet(columns: stream.columns, stream: stream)
    }

    private init(path: String, columns: Columns, state: Locked<State>) {
        self.path = path
        self.columns = columns
        self.state = state
    }

    func nextBatch() async throws -> [Row] {
        let records = try await Reader(path: path, state: state).next(Self.recordsPerBatch)
        let width = columns.count
        return try records.map { record in
            guard record.fields.count == width else {
                throw SwitchyardError(
                    .invalidInput, "'\(path)' line \(record.line): \(record.fields.count) field(s), expected \(width) (\(columns.names.joined(separator: ", ")))")
            }
            return Row(columns: columns, values: record.fields.map { $0.map(Value.text) ?? .null })
        }
    }

    func summary() -> ExecutionSummary { ExecutionSummary(rowsReturned: state.withLock { $0.rowsRead }) }

    func cancel() { Reader(path: path, state: state).closeFile() }

    deinit { Reader(path: path, state: state).closeFile() }

    /// Reads records off the cooperative pool; shared by the opening (the header) and the batches.
    private struct Reader: Sendable {
        let path: String
        let state: Locked<State>

        /// Up to `count` records; fewer only at the end of the file.
        func next(_ count: Int) async throws -> [CSVRecordParser.Record] {
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(with: Result { try readRecords(count) })
                }
            }
        }

        private func readRecords(_ count: Int) throws -> [CSVRecordParser.Record] {
            try state.withLock { state in
                var buffer = [UInt8](repeating: 0, count: 64 << 10)
                while state.pending.count < count, !state.atEnd, state.descriptor >= 0 {
                    let descriptor = state.descriptor
                    let got = buffer.withUnsafeMutableBytes { bytes -> Int in read(descriptor, bytes.baseAddress, bytes.count) }
                    if got < 0 {
                        if errno == EINTR { continue }
                        throw SwitchyardError(.invalidInput, "cannot read '\(path)': \(String(cString: strerror(errno)))")
                    }
                    do {
                        if got == 0 {
                            state.atEnd = true
                            state.pending += try state.parser.finish()
                        } else {
                            state.pending += try state.parser.feed(buffer[..<got])
                        }
                    } catch let error as SwitchyardError {
                        throw SwitchyardError(.invalidInput, "'\(path)' \(error.message)")
                    }
                }
                let taken = Array(state.pending.prefix(count))
                state.pending.removeFirst(taken.count)
                state.rowsRead += taken.count
                return taken
            }
        }

        func closeFile() {
            state.withLock { state in
                guard state.descriptor >= 0 else { return }
                close(state.descriptor)
                state.descriptor = -1
                state.atEnd = true
                state.pending = []
            }
        }
    }
}
