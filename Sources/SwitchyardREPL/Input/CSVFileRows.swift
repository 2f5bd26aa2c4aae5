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
/// Reads happen on Dispatch's threads, never on Swift's cooperative pool (the path may name
/// a pipe), and wait for data in slices of 100 ms so that a cancellation is seen. Every record must have as many fields as there are columns; errors name
/// the file and the line.
final class CSVFileRows: RowOrigins {
    private struct State {
        var descriptor: Int32
        var parser: CSVRecordParser
        var pending: [CSVRecordParser.Record] = []
        var atEnd = false
        var rowsRead = 0
        /// The lines of the last batches' records, and the row each batch starts with: a
        /// copy's error about a recent row names its line.
        var recentLines: [(firstRow: Int, lines: [Int])] = []
        /// What each read fills, made once for the whole file.
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
    }

    private let path: String
    private let columns: Columns
    private let reader: Reader
    private var state: Locked<State> { reader.state }
    private static let recordsPerBatch = 512

    /// Opens `path`. With `header`, its first record names the columns (and `names`, when
    /// given, must match its width); without, `names` does, and the file has no header.
    static func reading(path: String, header: Bool, delimiter: Character, names: [String]?) async throws -> ResultSet {
        let parser = try CSVRecordParser(delimiter: delimiter)
        let descriptor = try await CSVFileOpening.descriptor(reading: path)
        let reader = Reader(path: path, state: Locked(State(descriptor: descriptor, parser: parser)), stopped: Locked(false))
        var columnNames = names ?? []
        if header {
            guard let first = try await reader.next(1).first else {
                reader.closeFile()
                throw SwitchyardError(.invalidInput, "'\(path)' is empty: it has no header line")
            }
            guard names == nil || names?.count == first.fields.count else {
                reader.closeFile()
                throw SwitchyardError(
                    .invalidInput, "'\(path)' has \(first.fields.count) columns in its header, but the column list names \(columnNames.count)")
            }
            if names == nil {
                do {
                    columnNames = try Self.headerNames(first)
                } catch {
                    reader.closeFile()
                    throw SwitchyardError(.invalidInput, "'\(path)' line \(first.line): \(error.message)", hint: "name the columns: \\copy TABLE (a, b) FROM …")
                }
            }
        }
        guard !columnNames.isEmpty else {
            reader.closeFile()
            throw SwitchyardError(.invalidInput, "'\(path)': name the columns, or read them from its first line with HEADER")
        }
        reader.state.withLock { ($0.rowsRead, $0.recentLines) = (0, []) }  // the header is no row
        let stream = CSVFileRows(path: path, columns: Columns(names: columnNames), reader: reader)
        return ResultSet(columns: stream.columns, stream: stream)
    }

    /// The columns a header names: each named, none twice.
    private static func headerNames(_ header: CSVRecordParser.Record) throws(SwitchyardError) -> [String] {
        var names: [String] = []
        for (index, field) in header.fields.enumerated() {
            guard let name = field, !name.isEmpty else {
                throw SwitchyardError(.invalidInput, "the header's field \(index + 1) is empty: every column needs a name")
            }
            if let earlier = names.firstIndex(of: name) {
                throw SwitchyardError(.invalidInput, "the header names '\(name)' twice (fields \(earlier + 1) and \(index + 1))")
            }
            names.append(name)
        }
        return names
    }

    private init(path: String, columns: Columns, reader: Reader) {
        self.path = path
        self.columns = columns
        self.reader = reader
    }

    func nextBatch() async throws -> [Row] {
        let records = try await reader.next(Self.recordsPerBatch)
        let width = columns.count
        return try records.map { record in
            guard record.fields.count == width else {
                throw SwitchyardError(
                    .invalidInput, "'\(path)' line \(record.line): \(record.fields.count) field(s), expected \(width) (\(columns.names.joined(separator: ", ")))")
            }
            return Row(columns: columns, values: record.fields.map { $0.map(Value.text) ?? .null })
        }
    }

    func origin(ofRow index: Int) -> String? {
        state.withLock { state in
            guard let batch = state.recentLines.last(where: { $0.firstRow <= index }), index - batch.firstRow < batch.lines.count else {
                return nil
            }
            return "'\(path)' line \(batch.lines[index - batch.firstRow])"
        }
    }

    func summary() -> ExecutionSummary { ExecutionSummary(rowsReturned: state.withLock { $0.rowsRead }) }

    func cancel() { reader.stop() }

    deinit { reader.stop() }

    /// Reads records off the cooperative pool; shared by the opening (the header) and the batches.
    private struct Reader: Sendable {
        let path: String
        let state: Locked<State>
        /// Set by a cancellation: a read waiting on a pipe whose writer has gone quiet stops.
        let stopped: Locked<Bool>

        /// Up to `count` records; fewer only at the end of the file.
        func next(_ count: Int) async throws -> [CSVRecordParser.Record] {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    DispatchQueue.global().async {
                        continuation.resume(with: Result { try readRecords(count) })
                    }
                }
            } onCancel: {
                stopped.withLock { $0 = true }
            }
        }

        /// Stops a read in progress, then closes the file.
        func stop() {
            stopped.withLock { $0 = true }
            closeFile()
        }

        /// Waits until `descriptor` has bytes (or its end) to read, in slices of 100 ms so that
        /// a stop is seen while a pipe's writer is slow or quiet; false when stopped.
        private func waitUntilReadable(_ descriptor: Int32) -> Bool {
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            while !stopped.withLock({ $0 }) {
                // Readable, at its end, or an error the read reports; 0 is the timeout.
                if poll(&entry, 1, 100) != 0 { return true }
            }
            return false
        }

        private func readRecords(_ count: Int) throws -> [CSVRecordParser.Record] {
            try state.withLock { state in
                while state.pending.count < count, !state.atEnd, state.descriptor >= 0 {
                    let descriptor = state.descriptor
                    guard waitUntilReadable(descriptor) else { throw CancellationError() }
                    let got = state.buffer.withUnsafeMutableBytes { bytes -> Int in read(descriptor, bytes.baseAddress, bytes.count) }
                    if got < 0 {
                        if errno == EINTR { continue }
                        throw SwitchyardError(.invalidInput, "cannot read '\(path)': \(String(cString: strerror(errno)))")
                    }
                    do {
                        if got == 0 {
                            state.atEnd = true
                            state.pending += try state.parser.finish()
                        } else {
                            state.pending += try state.parser.feed(state.buffer[..<got])
                        }
                    } catch let error as SwitchyardError {
                        throw SwitchyardError(.invalidInput, "'\(path)' \(error.message)")
                    }
                }
                let taken = Array(state.pending.prefix(count))
                state.pending.removeFirst(taken.count)
                state.recentLines.append((state.rowsRead, taken.map(\.line)))
                if state.recentLines.count > 4 { state.recentLines.removeFirst() }
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
