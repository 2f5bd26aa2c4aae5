import Switchyard

/// One REPL session: the current backend, display settings, and the loop that reads
/// lines, runs statements through the orchestrator and prints results.
///
/// The same session serves the interactive terminal (a ``LineEditor``), scripts
/// (`-c`, `-f`, piped standard input, `\i`) and tests (a ``ScriptedLineSource``):
///
/// ```swift
/// let session = REPLSession(runtime: runtime)
/// let outcome = await session.run(ScriptedLineSource(text: "SELECT 1;"))
/// exit(await session.exitStatus)
/// ```
///
/// Statements go through ``Orchestrator/run(_:)`` so processors (read-only guard, row
/// limit) and the router apply; the current backend travels in
/// ``CallerContext/currentBackend`` and `@name` becomes an explicit ``TargetHint``.
/// Results stream to the output as rows arrive. Errors are printed and the session
/// goes on; ``exitStatus`` remembers that something failed.
public actor REPLSession {
    /// The started backends and pipeline every statement runs through.
    public let runtime: SwitchyardRuntime
    /// The display and failure settings now, as options and backslash commands (`\x`, `\format`) left them.
    public private(set) var settings: REPLSettings
    /// The backend statements go to unless they name one with `@`.
    public private(set) var currentBackend: String
    /// Where results go: standard output, or the file chosen with `\o`.
    var output: any TextOutput
    /// What `\o` alone returns to.
    let standardOutput: any TextOutput
    /// Errors, and status lines when the format is machine-readable.
    let errors: any TextOutput
    /// The current backend's catalog as last read, shared with ``completer``.
    public nonisolated let completionCatalog: CompletionCatalog
    /// Tab completion over this session's backends and catalog.
    public nonisolated let completer: REPLCompleter
    /// ``currentBackend``, readable from the editor's thread so completion speaks its language.
    let currentBackendForCompletion: Locked<String>
    /// The running statement's task, cancelled by ``interrupt()`` (Ctrl-C).
    let running = Locked<Task<Bool, Never>?>(nil)
    let interruptRequested = Locked(false)
    /// Ctrl-C came since the last statement or command started: a file being included (`\i`)
    /// stops there, and so does a command that runs several tasks (`\watch`), even when Ctrl-C
    /// fell between two of them.
    let cancelledByUser = Locked(false)
    /// `\set` values: `tenant`, `user` and caller attributes sent with every request.
    var callerSettings: [String: String] = [:]
    /// The last statement run, as typed: what `\watch` and `\e` take when nothing is being typed.
    var lastStatement: String?
    /// Statements and commands that failed so far.
    public private(set) var failureCount = 0
    /// How deep files run from `\\i` and from `\\e`'s editor are nested (each may run the other).
    var includeDepth = 0
    var presenter: ErrorPresenter
    /// The backends this session's statements have a transaction open on.
    var openTransactions = OpenTransactions()
    /// A statement changed the schema since the completion catalog was read.
    var completionsAreStale = false
    /// Whether the outermost input is a terminal (a cancelled statement then starts its error on a new line).
    var isInteractive = false

    /// - Parameters:
    ///   - runtime: the started backends and pipeline.
    ///   - settings: display and failure handling.
    ///   - currentBackend: where statements go at first; the first backend opened when `nil`.
    ///   - output: where results go (standard output by default).
    ///   - errors: where errors go (standard error by default).
    public init(
        runtime: SwitchyardRuntime, settings: REPLSettings = REPLSettings(), currentBackend: String? = nil,
        output: any TextOutput = FileDescriptorOutput.standardOutput,
        errors: any TextOutput = FileDescriptorOutput.standardError
    ) {
        self.runtime = runtime
        self.settings = settings
        self.currentBackend = currentBackend ?? runtime.backends.names.first ?? ""
        self.output = output
        self.standardOutput = output
        self.errors = errors
        let catalog = CompletionCatalog()
        self.completionCatalog = catalog
        let backends = runtime.backends
        let current = Locked(self.currentBackend)
        self.currentBackendForCompletion = current
        self.completer = REPLCompleter(
            catalog: catalog, backendNames: { backends.names },
            language: { [runtime] in
                let language = Self.language(of: current.value, in: runtime)
                return language == .sql ? nil : Self.support(for: language, in: runtime)
            },
            currentBackend: { current.value })
        self.presenter = ErrorPresenter(showsBackend: backends.names.count > 1)
    }

    /// 0 when everything succeeded, 1 when a statement or command failed, 130 after Ctrl-C
    /// stopped a script, 141 when the reader of the output went away: the executable's exit status.
    public var exitStatus: Int32 {
        if interruptRequested.value { return 130 }
        // As a shell reports a process that SIGPIPE ended (`switchyard … | head`).
        if output.isClosedByReader { return 141 }
        return failureCount > 0 ? 1 : 0
    }

    /// Cancels the running statement (Ctrl-C). Safe to call from any thread, such as a signal handler.
    ///
    /// Returns whether a statement was running; when it was not, a script's caller may
    /// stop the process itself.
    @discardableResult
    public nonisolated func interrupt() -> Bool {
        // Set first: a task registered after `running` is read sees it (``runCancellable(_:)``).
        cancelledByUser.withLock { $0 = true }
        let task = running.value
        task?.cancel()
        return task != nil
    }

    /// Runs `work` in a task that Ctrl-C (``interrupt()``) cancels, and that starts cancelled
    /// when Ctrl-C came since ``cancelledByUser`` was last cleared.
    func runCancellable(_ work: @escaping @Sendable () async -> Bool) async -> Bool {
        let task = Task { await work() }
        running.withLock { $0 = task }
        if cancelledByUser.value { task.cancel() }
        let result = await task.value
        running.withLock { $0 = nil }
        return result
    }

    /// Whether a statement is running now.
    public nonisolated var isRunningStatement: Bool { running.value != nil }

    /// Marks the session as stopped by Ctrl-C: a script ends after the current statement
    /// and ``exitStatus`` becomes 130.
    public nonisolated func interruptScript() {
        interruptRequested.withLock { $0 = true }
        interrupt()
    }

    /// Reads the current backend's catalog for tab completion.
    public func refreshCompletions() async {
        guard let backend = runtime.backends[currentBackend] else { return }
        await completionCatalog.refresh(from: backend)
    }

    /// Reads and runs lines from `source` until it ends, `\q`, or (with `--bail`) a failure.
    ///
    /// - Parameters:
    ///   - source: the lines to run: a terminal, a file or `-c` commands.
    ///   - interactive: prompts matter and an unfinished statement at the end of
    ///     input is dropped; otherwise (scripts) it is run, like psql does.
    public func run(_ source: any LineSource, interactive: Bool = false) async -> REPLOutcome {
        var accumulator = LanguageAwareAccumulator()
        if interactive { isInteractive = true }
        while true {
            if interruptRequested.value { return .interrupted }
            // Only a person at a prompt uses completion: read the catalog again once, before prompting.
            if interactive && completionsAreStale {
                completionsAreStale = false
                await refreshCompletions()
            }
            let prompt = "\(currentBackend)\(accumulator.isEmpty ? "=>" : "->") "
            let input = await source.readLine(prompt: prompt, continuation: accumulator.lines)
            switch input {
            case .endOfInput:
                if !interactive, let rest = accumulator.finish() {
                    let succeeded = await runStatement(rest)
                    if !succeeded && settings.stopOnError { return .stopped }
                }
                return interruptRequested.value ? .interrupted : .finished
            case .interrupted:
                accumulator.reset()
            case .line(let line):
                if !accumulator.isInsideQuoteOrComment, line.trimmingWhitespace().hasPrefix("\\") {
                    cancelledByUser.withLock { $0 = false }
                    // After the command: a statement `\watch` takes from what is being typed comes first.
                    let outcome = await runMetaCommand(line, typing: &accumulator, source: source)
                    source.addHistory(line.trimmingWhitespace())
                    if output.isClosedByReader { return .stopped }
                    switch outcome {
                    case .quit: return .quit
                    case .stopped where interactive: break  // an included file stopped; the prompt stays
                    case .stopped: return interruptRequested.value ? .interrupted : .stopped
                    case .failed where settings.stopOnError && !interactive: return .stopped
                    case .succeeded, .failed: break
                    }
                    continue
                }
                let firstLineSupport = accumulator.isEmpty ? nonSQLSupport(forFirstLine: line) : nil
                if accumulator.isEmpty { accumulator.reading = sqlReading(forFirstLine: line) }
                for statement in accumulator.append(line, language: { _ in firstLineSupport }) {
                    source.addHistory(statement)
                    cancelledByUser.withLock { $0 = false }
                    let succeeded = await runStatement(statement)
                    if interruptRequested.value { return .interrupted }
                    if output.isClosedByReader { return .stopped }
                    if !interactive && cancelledByUser.value { return .stopped }
                    if !succeeded && settings.stopOnError && !interactive { return .stopped }
                }
            }
        }
    }

    /// Runs `text` as a script: its statements and commands in order (`-c`).
    public func runScript(_ text: String) async -> REPLOutcome {
        await run(ScriptedLineSource(text: text))
    }

    /// Runs the statements and commands in the file at `path` (`-f`, `\i`).
    public func runFile(_ path: String) async -> REPLOutcome {
        let source: FileLineSource
        do {
            source = try FileLineSource(path: path)
        } catch {
            report(error)
            return settings.stopOnError ? .stopped : .finished
        }
        return await run(source)
    }

    // MARK: - Output helpers

    /// Where row counts, timings and confirmations go: with the results for people,
    /// to standard error when the results are JSON or CSV for a program.
    func status(_ line: String) {
        if settings.format.isMachineReadable {
            output.flush()
            errors.write(line + "\n")
            errors.flush()
        } else {
            output.write(line + "\n")
        }
    }

    /// Prints `error` and counts a failure.
    func report(_ error: any Error) {
        failureCount += 1
        output.flush()
        // The terminal echoed ^C where the cursor was; start the message on a line of its own.
        if isInteractive, (error as? SwitchyardError)?.kind == .cancelled { errors.write("\n") }
        errors.write(presenter.present(error))
        errors.flush()
    }

    /// Prints a one-line error that did not come from a database, and counts a failure.
    func report(message: String, hint: String? = nil) {
        report(SwitchyardError(.invalidInput, message, hint: hint))
    }

    func setSettings(_ change: (inout REPLSettings) -> Void) {
        change(&settings)
    }

    func setCurrentBackend(_ name: String) {
        currentBackend = name
        currentBackendForCompletion.withLock { $0 = name }
    }

    func setOutput(_ newOutput: any TextOutput) {
        output.flush()
        output = newOutput
    }
}
