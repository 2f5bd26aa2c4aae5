/// How a session shows results and handles failures; changed by options and backslash commands.
public struct REPLSettings: Sendable, Hashable {
    /// `--format` / `\format`.
    public var format: OutputFormat
    /// `\x`: one block per record instead of a table.
    public var expanded: Bool
    /// `\timing`: print how long each statement took.
    public var timing: Bool
    /// `--bail`: stop at the first failing statement or command (scripts only).
    public var stopOnError: Bool
    /// `--timeout` / `\timeout`: a statement still running (or its rows still printing) after this
    /// long is stopped with a timeout error, on every backend; `nil`: no limit of the session's own.
    public var timeout: Duration?
    /// Column cap and page size of the table format.
    public var formatter: FormatterSettings

    /// Creates settings; by default a table, not expanded, without timing or timeout, and going on after errors.
    public init(
        format: OutputFormat = .table, expanded: Bool = false, timing: Bool = false, stopOnError: Bool = false,
        timeout: Duration? = nil, formatter: FormatterSettings = FormatterSettings()
    ) {
        self.format = format
        self.expanded = expanded
        self.timing = timing
        self.stopOnError = stopOnError
        self.timeout = timeout
        self.formatter = formatter
    }
}
