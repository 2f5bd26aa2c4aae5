import CLibPQ
import Switchyard

/// What the server said beside a statement's result without failing it: PostgreSQL's
/// `NOTICE`, `WARNING` and `INFO` messages (`RAISE NOTICE`, "table … does not exist,
/// skipping", "there is no transaction in progress"), one line each as
/// `SEVERITY: message`, with `DETAIL:` and `HINT:` lines when the server sent them.
///
/// libpq hands them to the connection's notice receiver while a result is read; the
/// cursor moves them into ``ExecutionSummary/notices``. Confined to the connection's
/// holder like its handle (see ``PostgresConnection``), hence `@unchecked Sendable`.
final class PostgresNotices: @unchecked Sendable {
    /// More than this many in one statement (a loop raising notices) are counted, not kept.
    static let limit = 100

    /// Confined (see above), so the check every statement makes skips the run-time
    /// exclusivity tracking (≈ 150 instructions of a lookup in a session).
    @exclusivity(unchecked) private var messages: [String] = []
    @exclusivity(unchecked) private var dropped = 0
    private let secrets: PostgresSecrets

    init(secrets: PostgresSecrets) { self.secrets = secrets }

    /// Whether any arrived since the last ``take()``: the check every batch makes.
    var isEmpty: Bool { messages.isEmpty }

    /// The messages so far, oldest first, and forgets them.
    func take() -> [String] {
        var taken = messages
        if dropped > 0 { taken.append("NOTICE: \(dropped) more messages from the server were not kept") }
        messages.removeAll()
        dropped = 0
        return taken
    }

    /// Forgets what earlier statements (or the adapter's own `SET`s and `ROLLBACK`s) left.
    func clear() {
        guard !messages.isEmpty else { return }
        messages.removeAll()
        dropped = 0
    }

    /// Installs the receiver on `connection`; `notices` must outlive the handle.
    static func receive(on connection: OpaquePointer, into notices: PostgresNotices) {
        let context = Unmanaged.passUnretained(notices).toOpaque()
        PQsetNoticeReceiver(connection, { context, result in
            guard let context, let result else { return }
            Unmanaged<PostgresNotices>.fromOpaque(context).takeUnretainedValue().append(result)
        }, context)
    }

    private func append(_ result: OpaquePointer) {
        guard messages.count < Self.limit else {
            dropped += 1
            return
        }
        func field(_ code: UInt8) -> String? {
            guard let pointer = PQresultErrorField(result, Int32(code)), pointer.pointee != 0 else { return nil }
            return secrets.scrub(String(cString: pointer))
        }
        var text = "\(field(UInt8(ascii: "S")) ?? "NOTICE"): \(field(UInt8(ascii: "M")) ?? "")"
        if let detail = field(UInt8(ascii: "D")) { text += "\nDETAIL: \(detail)" }
        if let hint = field(UInt8(ascii: "H")) { text += "\nHINT: \(hint)" }
        messages.append(text)
    }
}
