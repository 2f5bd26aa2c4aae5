/// The error every Switchyard component throws.
///
/// One struct with a ``Kind`` rather than an enum of payloads: callers switch on
/// `kind`, and every error carries the same context — which backend, which
/// statement, where in it, and the database's own code and message — so a REPL or
/// a log line can show all of it without knowing the adapter.
public struct SwitchyardError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in terms a caller can act on.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        /// The words shown for it (`syntax error`, `timeout`); two kinds are equal when their names are.
        public let name: String
        /// Creates a kind of your own, for errors the predefined kinds do not describe.
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The statement text is not valid for the backend (syntax, unknown table or column).
        public static let syntax = Kind("syntax error")
        /// A constraint refused the write (unique, foreign key, not null, check).
        public static let constraint = Kind("constraint violation")
        /// The backend could not be reached or the connection broke.
        public static let connection = Kind("connection error")
        /// A write was refused because the request or backend is read-only.
        public static let readOnly = Kind("read-only")
        /// A processor refused the request before it reached a backend.
        public static let rejected = Kind("rejected")
        /// Input from the caller is malformed (a bad URL, bad JSON, a bad argument).
        public static let invalidInput = Kind("invalid input")
        /// A named backend, table, file or registration does not exist.
        public static let notFound = Kind("not found")
        /// Configuration is inconsistent; see ``SwitchyardError/problems``.
        public static let configuration = Kind("configuration error")
        /// The statement ran out of time.
        public static let timeout = Kind("timeout")
        /// The statement was cancelled by the caller.
        public static let cancelled = Kind("cancelled")
        /// The backend is busy or locked; retrying may succeed.
        public static let busy = Kind("busy")
        /// The backend cannot do what was asked (a feature or language it lacks).
        public static let unsupported = Kind("unsupported")
        /// A value could not be converted to the requested type.
        public static let typeMismatch = Kind("type mismatch")
        /// The database reported an error not classified above.
        public static let database = Kind("database error")
    }

    /// What went wrong; switch on it to decide what to do (retry on ``Kind/busy``, say, or fail over
    /// on ``Kind/connection``).
    public var kind: Kind
    /// One line saying what went wrong.
    public var message: String
    /// The backend that reported it, when one did.
    public var backend: String?
    /// The statement text that failed, when there was one.
    public var statement: String?
    /// 1-based character offset into ``statement`` where the database located the problem.
    public var position: Int?
    /// The database's own code: SQLSTATE, SQLite extended result code, MongoDB error code.
    public var code: String?
    /// More detail from the database, when it gives any.
    public var detail: String?
    /// A hint from the database or from Switchyard about how to fix it.
    public var hint: String?
    /// Every problem found, for errors that gather several (configuration).
    public var problems: [String]
    /// How many rows of a write of several the database wrote before it failed, when it
    /// says: an ordered MongoDB `insertMany` writes the documents before the failing one,
    /// and they stay written unless a transaction rolls them back. For a failed
    /// ``Orchestrator/copy(_:into:on:columns:rowsPerStatement:)``, the rows that stayed written.
    public var rowsWrittenBeforeFailure: Int?

    /// Creates an error; only `kind` and `message` are required, the rest is context for display.
    public init(
        _ kind: Kind, _ message: String, backend: String? = nil, statement: String? = nil,
        position: Int? = nil, code: String? = nil, detail: String? = nil, hint: String? = nil,
        problems: [String] = []
    ) {
        self.kind = kind
        self.message = message
        self.backend = backend
        self.statement = statement
        self.position = position
        self.code = code
        self.detail = detail
        self.hint = hint
        self.problems = problems
    }

    /// `backend: kind: message (code)` on one line, then detail and hint if present.
    public var description: String {
        var line = ""
        if let backend { line += "\(backend): " }
        line += "\(kind): \(message)"
        if let code { line += " (\(code))" }
        for problem in problems { line += "\n  - \(problem)" }
        if let detail { line += "\nDETAIL: \(detail)" }
        if let hint { line += "\nHINT: \(hint)" }
        return line
    }

    /// The same error attributed to `backend` (and `statement`), unless it already names one.
    public func attributed(to backend: String, statement: String? = nil) -> SwitchyardError {
        var copy = self
        if copy.backend == nil { copy.backend = backend }
        if copy.statement == nil { copy.statement = statement }
        return copy
    }
}
