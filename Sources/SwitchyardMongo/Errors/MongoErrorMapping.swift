import CMongoC
import Switchyard

/// Turns libmongoc's `bson_error_t` (domain, code, message) into ``SwitchyardError``.
///
/// With error API version 2 (which the pool sets), errors the server returns have
/// domain `MONGOC_ERROR_SERVER` and the server's own code; client-side failures keep
/// libmongoc's domains. The kind follows what a caller can act on:
/// - unreachable server, server selection, socket errors → `.connection`;
/// - duplicate key (11000, 11001, 12582) and document validation (121) → `.constraint`;
/// - malformed commands, unknown operators (2 BadValue, 9 FailedToParse, 14 TypeMismatch,
///   59 CommandNotFound, 40324 unrecognised pipeline stage…) → `.syntax`;
/// - a namespace that does not exist (26) → `.notFound`; a time limit (50) → `.timeout`;
/// - authentication (18, SASL/SCRAM domains) and authorisation (13) → `.rejected`;
/// - anything else → `.database`. The code is kept as `"domain.code"` in ``SwitchyardError/code``.
enum MongoErrorMapping {
    static func message(_ error: bson_error_t) -> String {
        withUnsafeBytes(of: error.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    static func kind(domain: UInt32, code: UInt32) -> SwitchyardError.Kind {
        switch domain {
        case MONGOC_ERROR_STREAM.rawValue, MONGOC_ERROR_SERVER_SELECTION.rawValue, MONGOC_ERROR_PROTOCOL.rawValue:
            return .connection
        case MONGOC_ERROR_SASL.rawValue, MONGOC_ERROR_SCRAM.rawValue:
            return .rejected
        case MONGOC_ERROR_BSON.rawValue, MONGOC_ERROR_NAMESPACE.rawValue:
            return .invalidInput
        case MONGOC_ERROR_CLIENT.rawValue where code == MONGOC_ERROR_CLIENT_AUTHENTICATE.rawValue:
            return .rejected
        case MONGOC_ERROR_CLIENT.rawValue where code == MONGOC_ERROR_CLIENT_IN_EXHAUST.rawValue:
            return .busy
        case MONGOC_ERROR_COMMAND.rawValue where code == MONGOC_ERROR_COMMAND_INVALID_ARG.rawValue:
            return .invalidInput
        default:
            return serverKind(code)
        }
    }

    static func serverKind(_ code: UInt32) -> SwitchyardError.Kind {
        switch code {
        case 11000, 11001, 12582, 121: .constraint
        case 2, 9, 14, 15, 17, 40324, 40323, 31249, 31254, 51024, 59, 72, 168: .syntax
        case 26: .notFound
        case 50: .timeout
        case 13, 18: .rejected
        case 6, 7, 89, 91, 189, 9001, 10107, 13435, 11600, 11602: .connection
        default: .database
        }
    }

    /// The server's own code for server errors (`11000`), `domain.code` for libmongoc's.
    static func code(_ error: bson_error_t) -> String {
        let server = error.domain == MONGOC_ERROR_SERVER.rawValue || error.domain == MONGOC_ERROR_WRITE_CONCERN.rawValue
            || error.domain == MONGOC_ERROR_QUERY.rawValue
        return server ? String(error.code) : "\(error.domain).\(error.code)"
    }

    /// The error `error` describes, attributed to `backend` and `statement`.
    static func error(_ error: bson_error_t, doing what: String, backend: String?, statement: String?) -> SwitchyardError {
        let message = MongoErrorMapping.message(error)
        let kind = kind(domain: error.domain, code: error.code)
        var hint: String?
        if kind == .connection {
            hint = "is the server running and reachable? (serverSelectionTimeoutMS in the URL bounds the wait)"
        }
        return SwitchyardError(
            kind, "\(what) failed: \(message)", backend: backend, statement: statement, code: code(error),
            detail: message, hint: hint)
    }
}
