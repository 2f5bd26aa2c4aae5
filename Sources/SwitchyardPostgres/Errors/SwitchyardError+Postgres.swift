import Foundation
import CLibPQ
import Switchyard

/// Why the adapter itself interrupted a statement, so that PostgreSQL's "canceling
/// statement due to user request" (57014) can be reported as what it was.
enum PostgresInterruption: Sendable, Hashable {
    case cancelled
    case timeout(Duration)
}

extension SwitchyardError {
    /// The error a failed `PGresult` describes: SQLSTATE in ``code``, PostgreSQL's
    /// message, detail, hint and position, and a ``Kind`` chosen from the SQLSTATE.
    ///
    /// - Parameter positionOffset: characters before the statement within the text the
    ///   caller sent (for texts of several statements), added to PostgreSQL's position.
    static func postgres(
        result: OpaquePointer?, connection: OpaquePointer?, backend: String, statement: String?, positionOffset: Int = 0,
        interruption: PostgresInterruption?, secrets: PostgresSecrets
    ) -> SwitchyardError {
        func field(_ code: UInt8) -> String? {
            guard let result, let pointer = PQresultErrorField(result, Int32(code)) else { return nil }
            let text = secrets.scrub(String(cString: pointer))
            return text.isEmpty ? nil : text
        }
        let sqlState = field(UInt8(ascii: "C"))
        var message = field(UInt8(ascii: "M"))
        if message == nil {
            let raw = result.flatMap { PQresultErrorMessage($0) }.map { String(cString: $0) }
                ?? connection.flatMap { PQerrorMessage($0) }.map { String(cString: $0) } ?? ""
            message = secrets.scrub(raw.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let position = field(UInt8(ascii: "P")).flatMap(Int.init).map { $0 + positionOffset }
        let connectionLost = connection.map { PQstatus($0) != CONNECTION_OK } ?? false
        var kind = kind(sqlState: sqlState, message: message ?? "", interruption: interruption)
        if connectionLost, sqlState == nil || kind == .database { kind = .connection }
        var text = message.flatMap { $0.isEmpty ? nil : $0 } ?? "the server reported an error without a message"
        if connectionLost, sqlState == nil, case .timeout(let limit)? = interruption {
            // Given up on (PostgresOperations.giveUpDelay): the server answered neither the statement nor its cancel.
            kind = .timeout
            text = "the statement ran longer than its timeout of \(limit.millisecondsText), and the server answered neither it nor the cancel request: the connection was closed"
        } else if kind == .timeout, case .timeout(let limit) = interruption {
            text = "the statement ran longer than its timeout of \(limit.millisecondsText) and was cancelled on the server"
        } else if kind == .cancelled, interruption == .cancelled {
            text = "the statement was cancelled on the server: \(text)"
        }
        var hint = field(UInt8(ascii: "H"))
        if hint == nil, sqlState == "25P02" {
            hint = "a statement failed earlier in this transaction; roll it back (or to a savepoint) before going on"
        }
        return SwitchyardError(
            kind, text, backend: backend, statement: statement, position: position, code: sqlState,
            detail: field(UInt8(ascii: "D")), hint: hint)
    }

    /// Maps a SQLSTATE to the kind a caller can act on.
    static func kind(sqlState: String?, message: String, interruption: PostgresInterruption?) -> Kind {
        guard let state = sqlState else { return .database }
        switch state {
        case "57014":
            switch interruption {
            case .timeout: return .timeout
            case .cancelled: return .cancelled
            case nil: return message.contains("statement timeout") ? .timeout : .cancelled
            }
        case "25006": return .readOnly
        case "40001", "40P01", "55P03", "53300", "55006": return .busy
        case "57P01", "57P02", "57P03": return .connection
        case "42501": return .database
        case "0A000": return .unsupported
        case "08P01" where message.contains("bind message supplies"): return .invalidInput
        default: break
        }
        switch state.prefix(2) {
        case "23": return .constraint
        case "42": return .syntax
        case "08", "28": return .connection
        case "22": return .invalidInput
        case "3D": return .notFound
        default: return .database
        }
    }
}

/// The secrets of a connection URL (its password, raw and percent-decoded), removed
/// from any text that could reach an error: libpq quotes parts of the connection
/// string back in some of its messages.
struct PostgresSecrets: Sendable, Hashable {
    private let secrets: [String]

    init(_ secrets: [String]) {
        self.secrets = Array(Set(secrets.filter { !$0.isEmpty })).sorted { $0.count > $1.count }
    }

    func scrub(_ text: String) -> String {
        var out = text
        for secret in secrets where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: "***")
        }
        return out
    }
}
