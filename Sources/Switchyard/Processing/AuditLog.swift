import Logging

/// Writes ``AuditRecord``s through a ``Repository`` in the background, so auditing never
/// slows a request by more than handing a record to a queue, and never fails one.
///
/// Records are saved one at a time, in order, by one task. Failures to save are logged
/// (`error` level) and the record dropped; so are records arriving while `capacity`
/// records are already waiting.
public final class AuditLog: Sendable {
    private enum Item: Sendable {
        case record(AuditRecord)
        case flush(CheckedContinuation<Void, Never>)
    }

    private let continuation: AsyncStream<Item>.Continuation
    private let logger: Logger

    /// - Parameters:
    ///   - repository: where records go, typically a ``BackendRepository`` on the backend chosen for auditing.
    ///   - capacity: records that may wait to be saved before new ones are dropped.
    ///   - logger: told when records are dropped or cannot be saved.
    public init(
        repository: any Repository<AuditRecord>, capacity: Int = 10_000,
        logger: Logger = Logger(label: "switchyard.audit")
    ) {
        let (stream, continuation) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .bufferingOldest(max(1, capacity)))
        self.continuation = continuation
        self.logger = logger
        Task {
            for await item in stream {
                switch item {
                case .record(let record):
                    do {
                        try await repository.save(record)
                    } catch {
                        logger.error(
                            "could not write an audit record",
                            metadata: ["correlation-id": "\(record.correlationID)", "error": "\(error)"])
                    }
                case .flush(let waiter):
                    waiter.resume()
                }
            }
        }
    }

    deinit { continuation.finish() }

    /// Queues `record` to be saved; returns at once.
    public func write(_ record: AuditRecord) {
        if case .dropped = continuation.yield(.record(record)) {
            logger.error("audit queue full: dropped a record", metadata: ["correlation-id": "\(record.correlationID)"])
        }
    }

    /// Waits until every record queued before this call has been saved (or failed to be).
    public func flush() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            switch continuation.yield(.flush(waiter)) {
            case .enqueued: break
            case .dropped, .terminated: waiter.resume()
            @unknown default: waiter.resume()
            }
        }
    }
}
