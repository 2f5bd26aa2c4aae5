/// A backslash command: one line, run at once, never sent to a database.
///
/// ```swift
/// try MetaCommand.parse(#"\d customers"#)  // .describe("customers")
/// try MetaCommand.parse(#"\limit off"#)    // .limit(.set(nil))
/// ```
public enum MetaCommand: Sendable, Hashable {
    /// A setting that can be shown, switched on or off, or flipped.
    public enum Toggle: Sendable, Hashable {
        case flip, on, off
    }

    /// `\limit` alone shows the limit; `\limit N` sets it (`nil`: no limit).
    public enum LimitChange: Sendable, Hashable {
        case show
        case set(Int?)
    }

    /// `\timeout` alone shows the timeout; `\timeout 5s` sets it (`nil`: none).
    public enum TimeoutChange: Sendable, Hashable {
        case show
        case set(Duration?)
    }

    /// `\watch`: how often the statement runs again, and how many times.
    public struct WatchSchedule: Sendable, Hashable {
        /// The pause after each run ends, before the next starts.
        public var interval: Duration
        /// How many runs in all; `nil` runs until Ctrl-C, an error, or the output's reader going away.
        public var count: Int?

        /// psql's default: every two seconds, until stopped.
        public init(interval: Duration = .seconds(2), count: Int? = nil) {
            self.interval = interval
            self.count = count
        }
    }

    /// `\copy [@BACKEND] TABLE [(COLUMN, …)] FROM STATEMENT`: where a copy writes and what it reads.
    public struct CopyCommand: Sendable, Hashable {
        /// The backend written to; `nil` for the current one.
        public var target: String?
        /// The table or collection as typed: a quoted name (`"Order Items"`) matches exactly, a bare one ignoring case.
        public var table: String
        /// The target's columns as typed, one per source column; `nil` for the source's column names.
        public var columns: [String]?
        /// What is copied.
        public var source: Source

        /// Where a copy's rows come from.
        public enum Source: Sendable, Hashable {
            /// The rows a statement returns, as typed (it may start with `@BACKEND`).
            case statement(String)
            /// The records of a CSV file: `'PATH' [CSV] [HEADER] [DELIMITER 'C']`; with `header`, its
            /// first line names the columns.
            case csvFile(path: String, header: Bool, delimiter: Character)
        }

        /// Creates a copy command; ``MetaCommand/parse(_:)`` makes these.
        public init(target: String? = nil, table: String, columns: [String]? = nil, source: Source) {
            self.target = target
            self.table = table
            self.columns = columns
            self.source = source
        }
    }

    case help
    case quit
    /// `\dt` (or `\d` alone): tables and views of the current backend.
    case listTables
    /// `\dn`: the schemas of the current backend, with how many tables and views each holds.
    case listSchemas
    /// `\d NAME`: the columns of one table or view; `NAME` may be quoted as in SQL (`\d "Order Items"`).
    case describe(String)
    /// `\x`: one block per record.
    case expanded(Toggle)
    /// `\format NAME`; `nil` shows the current format.
    case format(OutputFormat?)
    /// `\timing`: show the time each statement took.
    case timing(Toggle)
    /// `\null TEXT`: how a null value is shown in the table, expanded and Markdown formats, so it
    /// can be told from the text `NULL`; `nil` (`\null` alone) shows the current text.
    case nullDisplay(String?)
    case limit(LimitChange)
    /// `\timeout DURATION`: stop statements that run (or print) longer, on every backend.
    case timeout(TimeoutChange)
    /// `\i FILE`: run the statements in a file.
    case include(String)
    /// `\o FILE` sends results to a file; `\o` alone back to standard output.
    case output(String?)
    /// `\route STATEMENT`: where the statement would go and why, without running it.
    case route(String)
    /// `\backends`: the open backends, their URLs (redacted), roles, health and circuit state.
    case backends
    /// `\processors`: the pipeline's stages, in the order requests pass through them.
    case processors
    /// `\refresh`: relearn which backend owns which table, and the completion catalog.
    case refresh
    /// `\set NAME VALUE`: who the session's requests come from, for tenant and shard rules
    /// (`tenant`, `user`, or any caller attribute); `\set` alone shows them.
    case set(name: String?, value: String?)
    /// `\unset NAME`: forget a caller setting.
    case unset(String)
    /// `\use NAME`: the backend statements go to by default.
    case use(String)
    /// `\watch [INTERVAL] [COUNT]` (or psql's `i=INTERVAL c=COUNT`): run the statement being
    /// typed, or else the last one run, again and again, pausing INTERVAL after each run.
    case watch(WatchSchedule)
    /// `\copy [@BACKEND] TABLE [(COLUMN, …)] FROM STATEMENT` (or `FROM 'FILE.csv' [HEADER]`): write
    /// the rows STATEMENT returns (on any backend), or a CSV file's records, into TABLE of
    /// BACKEND, the current one by default.
    case copy(CopyCommand)
    /// `\e [FILE]`: edit the statement being typed, or else the last one run (or FILE), in
    /// `$SWITCHYARD_EDITOR`, `$VISUAL` or `$EDITOR`, then run what the editor saved.
    case edit(String?)

    /// Every command's name with its aliases, for help and tab completion.
    public static let names: [String] = [
        "\\?", "\\help", "\\q", "\\quit", "\\dt", "\\dn", "\\d", "\\x", "\\format", "\\timing", "\\null", "\\limit", "\\timeout", "\\i", "\\o",
        "\\route", "\\backends", "\\processors", "\\refresh", "\\set", "\\unset", "\\use", "\\watch", "\\e", "\\edit", "\\copy",
    ]

    /// Parses one line that starts with `\`. Throws ``MetaCommandError`` naming what is wrong.
    public static func parse(_ line: String) throws(MetaCommandError) -> MetaCommand {
        var text = line.trimmingWhitespace()
        guard text.hasPrefix("\\") else { throw .notACommand(line) }
        text.removeFirst()
        let name: String
        let argument: String
        if let space = text.firstIndex(where: \.isWhitespace) {
            name = String(text[..<space])
            argument = String(text[space...]).trimmingWhitespace()
        } else {
            name = text
            argument = ""
        }
        // psql users end commands with `;` out of habit; it is not part of a name or setting.
        let word = argument.hasSuffix(";") ? String(argument.dropLast()).trimmingWhitespace() : argument
        let bareName = name.hasSuffix(";") ? String(name.dropLast()) : name

        func noArgument(_ command: MetaCommand) throws(MetaCommandError) -> MetaCommand {
            guard word.isEmpty else { throw .unexpectedArgument(command: "\\" + bareName, argument: argument) }
            return command
        }
        func required(_ what: String) throws(MetaCommandError) -> String {
            guard !word.isEmpty else { throw .missingArgument(command: "\\" + bareName, what: what) }
            return word
        }

        switch bareName {
        case "?", "help", "h": return try noArgument(.help)
        case "q", "quit", "exit": return try noArgument(.quit)
        case "dt": return try noArgument(.listTables)
        case "dn": return try noArgument(.listSchemas)
        case "d": return word.isEmpty ? .listTables : .describe(word)
        case "x": return .expanded(try toggle(word, command: "\\x"))
        case "timing": return .timing(try toggle(word, command: "\\timing"))
        case "null": return .nullDisplay(word.isEmpty ? nil : unquoted(word))
        case "format":
            if word.isEmpty { return .format(nil) }
            guard let format = OutputFormat(rawValue: word.lowercased()) else {
                throw .invalidArgument(command: "\\format", argument: word, expected: OutputFormat.names)
            }
            return .format(format)
        case "limit":
            if word.isEmpty { return .limit(.show) }
            if ["off", "none", "0"].contains(word.lowercased()) { return .limit(.set(nil)) }
            guard let n = Int(word), n > 0 else {
                throw .invalidArgument(command: "\\limit", argument: word, expected: "a number of rows, 0 or off")
            }
            return .limit(.set(n))
        case "timeout":
            if word.isEmpty { return .timeout(.show) }
            if ["off", "none", "0"].contains(word.lowercased()) { return .timeout(.set(nil)) }
            guard let limit = Duration(configurationText: word), limit > .zero else {
                throw .invalidArgument(command: "\\timeout", argument: word, expected: "a duration such as 500ms, 30s or 2m, or off")
            }
            return .timeout(.set(limit))
        case "i", "include": return .include(try required("a file name"))
        case "o", "out": return .output(word.isEmpty ? nil : word)
        case "route": return .route(try required("a statement"))
        case "backends": return try noArgument(.backends)
        case "processors": return try noArgument(.processors)
        case "refresh": return try noArgument(.refresh)
        case "set":
            if word.isEmpty { return .set(name: nil, value: nil) }
            let parts = word.split(maxSplits: 1, whereSeparator: \.isWhitespace).map(String.init)
            guard parts.count == 2 else { throw .missingArgument(command: "\\set", what: "a value after '\(parts[0])'") }
            return .set(name: parts[0], value: parts[1].trimmingWhitespace())
        case "unset": return .unset(try required("a setting name"))
        case "use", "c", "connect": return .use(try required("a backend name"))
        case "watch": return .watch(try watchSchedule(word))
        case "e", "edit": return .edit(word.isEmpty ? nil : word)
        case "copy": return .copy(try CopyCommand(parsing: argument))
        default: throw .unknown("\\" + bareName)
        }
    }

    /// `'(null)'` as `(null)` and `''` as nothing, a doubled quote standing for one; other text as it is.
    private static func unquoted(_ word: String) -> String {
        guard word.count >= 2, word.hasPrefix("'"), word.hasSuffix("'") else { return word }
        return String(word.dropFirst().dropLast()).replacing("''", with: "'")
    }

    /// `2`, `500ms`, `i=2 c=5`, `2 5`: an interval (seconds, or with a unit) then a count,
    /// each bare or named as psql names them.
    private static func watchSchedule(_ word: String) throws(MetaCommandError) -> WatchSchedule {
        var schedule = WatchSchedule()
        var (hasInterval, hasCount) = (false, false)
        for part in word.split(whereSeparator: \.isWhitespace) {
            // A bare value is the interval until one is given, then the count.
            var key = hasInterval ? (hasCount ? "" : "count") : "interval"
            var value = part
            if let equals = part.firstIndex(of: "=") {
                key = part[..<equals].lowercased()
                value = part[part.index(after: equals)...]
            }
            switch key {
            case "i", "interval":
                guard let interval = Duration(configurationText: String(value)) else {
                    throw .invalidArgument(
                        command: "\\watch", argument: String(part), expected: "an interval such as 2 (seconds), 0.5, 500ms or 1m")
                }
                (schedule.interval, hasInterval) = (interval, true)
            case "c", "count":
                guard let count = Int(value), count > 0 else {
                    throw .invalidArgument(command: "\\watch", argument: String(part), expected: "a number of runs, 1 or more")
                }
                (schedule.count, hasCount) = (count, true)
            case "":
                throw .invalidArgument(command: "\\watch", argument: String(part), expected: "at most an interval and a count: \\watch [i=]INTERVAL [c=]COUNT")
            default:
                throw .invalidArgument(command: "\\watch", argument: String(part), expected: "[i=]INTERVAL and [c=]COUNT")
            }
        }
        return schedule
    }

    private static func toggle(_ word: String, command: String) throws(MetaCommandError) -> Toggle {
        switch word.lowercased() {
        case "": return .flip
        case "on", "true", "1": return .on
        case "off", "false", "0": return .off
        default: throw .invalidArgument(command: command, argument: word, expected: "on or off")
        }
    }
}

/// Why a backslash line is not a command the REPL can run; ``description`` is the one line shown.
public enum MetaCommandError: Error, Sendable, Hashable, CustomStringConvertible {
    case notACommand(String)
    case unknown(String)
    case missingArgument(command: String, what: String)
    case unexpectedArgument(command: String, argument: String)
    case invalidArgument(command: String, argument: String, expected: String)

    public var description: String {
        switch self {
        case .notACommand(let line): "'\(line)' is not a backslash command"
        case .unknown(let name): "unknown command \(name); type \\? for the list of commands"
        case .missingArgument(let command, let what): "\(command) needs \(what)"
        case .unexpectedArgument(let command, let argument): "\(command) takes no argument (got '\(argument)')"
        case .invalidArgument(let command, let argument, let expected): "\(command): '\(argument)' is not valid; expected \(expected)"
        }
    }
}
