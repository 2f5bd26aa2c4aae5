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
    /// Column cap and page size of the table format.
    public var formatter: FormatterSettings

    /// Creates settings; by default a table, not expanded, without timing, and going on after errors.
    public init(
        format: OutputFormat = .table, expanded: Bool = false, timing: Bool = false, stopOnError: Bool = false,
        formatter: FormatterSettings = FormatterSettings()
    ) {
        self.format = format
        self.expanded = expanded
        self.timing = timing
        self.stopOnError = stopOnError
        self.formatter = formatter
    }
}
