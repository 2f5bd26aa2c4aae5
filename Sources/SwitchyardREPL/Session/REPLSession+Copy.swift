import Switchyard

extension REPLSession {
    /// `\copy`: streams the rows of the command's statement, or the records of its CSV file,
    /// into its table through ``Orchestrator/copy(_:into:on:columns:rowsPerStatement:)``, in a
    /// task Ctrl-C cancels.
    func copy(_ command: MetaCommand.CopyCommand) async -> MetaCommandOutcome {
        let targetName = command.target ?? currentBackend
        guard let target = runtime.backends[targetName] else {
            report(message: "no backend named '\(targetName)' (open: \(runtime.backends.names.joined(separator: ", ")))",
                   hint: "\\backends lists them")
            return .failed
        }
        // Names as typed, matched against the target's catalog as \d matches them; a table it
        // does not list yet (a MongoDB collection the copy creates) is written as typed.
        let object = (try? await target.catalog())?.object(identifiedBy: command.table)
        let table = object?.qualifiedName ?? Self.unquoted(command.table)
        let columns = command.columns?.map { typed in
            let name = Self.unquoted(typed)
            guard typed == name else { return name }  // quoted: exactly as written
            return object?.columns.first { $0.name.lowercased() == name.lowercased() }?.name ?? name
        }
        let copy: @Sendable () async throws -> CopySummary
        let from: String?
        switch command.source {
        case .statement(let text):
            let source = TargetedStatement(parsing: text)
            guard !source.text.isEmpty else {
                report(message: "\\copy needs a statement after FROM")
                return .failed
            }
            let request = makeRequest(source)
            (copy, from) = ({ [runtime] in try await runtime.orchestrator.copy(request, into: table, on: targetName, columns: columns) }, nil)
        case .csvFile(let path, let header, let delimiter):
            // Without a header or a column list, the file's fields are the table's columns in order, as in psql.
            let names = columns ?? (header ? nil : object?.columns.map(\.name))
            let (context, options) = (callerContext(), requestOptions())
            (copy, from) = ({ [runtime] in
                let rows = try await CSVFileRows.reading(path: path, header: header, delimiter: delimiter, names: names)
                return try await runtime.orchestrator.copy(rows, into: table, on: targetName, columns: columns, context: context, options: options)
            }, path)
        }
        let succeeded = await runCancellable { await self.performCopy(copy, from: from, into: table, on: target) }
        return succeeded ? .succeeded : .failed
    }

    /// Runs `copy` and reports what it did; `from` names a file source (a statement's are the summary's backends).
    private func performCopy(
        _ copy: @Sendable () async throws -> CopySummary, from: String?, into table: String, on target: any Backend
    ) async -> Bool {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let summary = try await copy()
            let rows = summary.rowsCopied == 1 ? "1 row" : "\(summary.rowsCopied) rows"
            status("Copied \(rows) from \(from ?? summary.sources.joined(separator: ", ")) into \(target.name).\(table).")
            if settings.timing { status("Time: \((clock.now - start).millisecondsText)") }
            completionsAreStale = true
            return true
        } catch {
            if error is CancellationError || (error as? SwitchyardError)?.kind == .cancelled {
                let undone = target.capabilities.supports(.transactions) ? "; nothing was copied" : ""
                var cancelled = SwitchyardError(.cancelled, "the copy was cancelled" + undone)
                cancelled.detail = (error as? SwitchyardError)?.detail  // without transactions: how many rows stay
                report(cancelled)
            } else {
                report(error)
            }
            return false
        }
    }

    /// `"Order Items"` as `Order Items` (a doubled quote standing for one), as SQL reads a
    /// quoted name; other text as it is.
    private static func unquoted(_ name: String) -> String {
        var tokens = SQLTokenizer(name).makeIterator()
        guard let only = tokens.next(), tokens.next() == nil, only.text.hasPrefix("\""), let content = only.unquoted else { return name }
        return content
    }
}
