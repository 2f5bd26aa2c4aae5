import Switchyard

/// What running one backslash command led to.
enum MetaCommandOutcome: Sendable, Hashable {
    case succeeded, failed, quit
    /// An included file stopped under `--bail` or was interrupted.
    case stopped

    /// What running nested input (an included file, what the editor saved) comes to for the command.
    init(nested outcome: REPLOutcome) {
        switch outcome {
        case .finished: self = .succeeded
        case .quit: self = .quit
        case .stopped, .interrupted: self = .stopped
        }
    }
}

extension REPLSession {
    /// Parses and runs one backslash line; errors are printed and counted. `typing` is the
    /// statement being typed, which `\watch` and `\e` take (and the others leave alone);
    /// `source` records what `\e` runs in its history.
    func runMetaCommand(_ line: String, typing: inout LanguageAwareAccumulator, source: any LineSource) async -> MetaCommandOutcome {
        let command: MetaCommand
        do {
            command = try MetaCommand.parse(line)
        } catch {
            report(message: error.description)
            return .failed
        }
        defer { output.flush() }
        switch command {
        case .help:
            standardOutput.write(MetaCommandHelp.text)
            standardOutput.flush()
        case .quit:
            return .quit
        case .listTables:
            return await listTables()
        case .listSchemas:
            return await listSchemas()
        case .processors:
            listProcessors()
            return .succeeded
        case .describe(let name):
            return await describe(name)
        case .expanded(let toggle):
            setSettings { $0.expanded = Self.apply(toggle, to: $0.expanded) }
            status("Expanded display is \(settings.expanded ? "on" : "off").")
        case .format(let format):
            if let format { setSettings { $0.format = format } }
            status("Output format is \(settings.format.rawValue).")
        case .timing(let toggle):
            setSettings { $0.timing = Self.apply(toggle, to: $0.timing) }
            status("Timing is \(settings.timing ? "on" : "off").")
        case .nullDisplay(let text):
            if let text { setSettings { $0.formatter.nullText = text } }
            status("Null display is \"\(settings.formatter.nullText)\".")
        case .limit(let change):
            if case .set(let limit) = change { runtime.rowLimit.limit = limit }
            status(runtime.rowLimit.limit.map { "Row limit is \($0) \($0 == 1 ? "row" : "rows")." } ?? "Row limit is off.")
        case .timeout(let change):
            if case .set(let limit) = change { setSettings { $0.timeout = limit } }
            status(settings.timeout.map { "Timeout is \($0.millisecondsText)." } ?? "Timeout is off.")
        case .include(let path):
            return await include(path)
        case .output(let path):
            return redirectOutput(to: path)
        case .route(let text):
            return await explainRoute(text)
        case .backends:
            await listBackends()
        case .set(let name?, let value?):
            callerSettings[name] = value
            status("\(name) is '\(value)' for the requests of this session.")
        case .set:
            let columns = Columns(names: ["name", "value"])
            print(columns: columns, rows: callerSettings.sorted { $0.key < $1.key }.map {
                Row(columns: columns, values: [.text($0.key), .text($0.value)])
            })
        case .unset(let name):
            callerSettings[name] = nil
            status("\(name) is unset.")
        case .refresh:
            let failures = await runtime.refreshOwnership()
            await refreshCompletions()
            for failure in failures { report(message: "could not read the catalog of '\(failure.backend)': \(failure.error)") }
            status(runtime.ownership == nil
                ? "Completions refreshed (no ownership rule is configured)."
                : "Ownership relearned from \(runtime.backends.all.count - failures.count) of \(runtime.backends.all.count) backends.")
        case .use(let name):
            return await use(name)
        case .watch(let schedule):
            let wasTyped = !typing.isEmpty
            guard let statement = takeStatement(&typing) else {
                report(message: "\\watch needs a statement", hint: "type one before \\watch, or run one first")
                return .failed
            }
            if wasTyped { source.addHistory(statement) }
            return await watch(statement, schedule)
        case .edit(let path?):
            return await editAndRun(file: path, source: source)
        case .edit(nil):
            return await editAndRun(typing: &typing, source: source)
        case .copy(let command):
            return await copy(command)
        }
        return .succeeded
    }

    private static func apply(_ toggle: MetaCommand.Toggle, to value: Bool) -> Bool {
        switch toggle {
        case .flip: !value
        case .on: true
        case .off: false
        }
    }

    private func include(_ path: String) async -> MetaCommandOutcome {
        guard includeDepth < 16 else {
            report(message: "\\i '\(path)': files include each other more than 16 levels deep")
            return .failed
        }
        let source: FileLineSource
        do {
            source = try FileLineSource(path: path)
        } catch {
            report(error)
            return .failed
        }
        includeDepth += 1
        defer { includeDepth -= 1 }
        return MetaCommandOutcome(nested: await run(source))
    }

    private func redirectOutput(to path: String?) -> MetaCommandOutcome {
        guard let path else {
            setOutput(standardOutput)
            return .succeeded
        }
        do {
            setOutput(try FileDescriptorOutput.creatingFile(atPath: path))
            return .succeeded
        } catch {
            report(error)
            return .failed
        }
    }

    private func explainRoute(_ text: String) async -> MetaCommandOutcome {
        let statement = TargetedStatement(parsing: text)
        guard !statement.text.isEmpty else {
            report(message: "\\route needs a statement")
            return .failed
        }
        do {
            let route = try await runtime.orchestrator.explain(makeRequest(statement))
            status(route.description)
            return .succeeded
        } catch {
            report(error)
            return .failed
        }
    }

    private func use(_ name: String) async -> MetaCommandOutcome {
        guard let backend = runtime.backends[name] else {
            report(message: "no backend named '\(name)' (open: \(runtime.backends.names.joined(separator: ", ")))",
                   hint: "\\backends lists them")
            return .failed
        }
        setCurrentBackend(name)
        status("Using backend \(name) (\(backend.redactedURL)).")
        completionsAreStale = true
        return .succeeded
    }

    private func listBackends() async {
        let columns = Columns(names: ["name", "url", "role", "health", "circuit", "in flight", "current"])
        let now = ContinuousClock.now
        let rows = await runtime.backendStatus().map { status in
            Row(columns: columns, values: [
                .text(status.name), .text(status.url), .text(status.role ?? ""), .text(status.health.description),
                .text(status.circuit.description(now: now)), .int(Int64(status.inFlight)),
                .text(status.name == currentBackend ? "*" : ""),
            ])
        }
        print(columns: columns, rows: rows)
    }

    private func listTables() async -> MetaCommandOutcome {
        guard let catalog = await currentCatalog() else { return .failed }
        let objects = catalog.objects.sorted { $0.qualifiedName.lowercased() < $1.qualifiedName.lowercased() }
        let columns = Columns(names: ["name", "type", "columns"])
        let rows = objects.map { object in
            Row(columns: columns, values: [.text(object.qualifiedName), .text(object.kind.rawValue), .int(Int64(object.columns.count))])
        }
        print(columns: columns, rows: rows)
        return .succeeded
    }

    /// The global pipeline in order, then each backend's own processors (run on its legs after routing).
    private func listProcessors() {
        let columns = Columns(names: ["#", "applies to", "processor", "what it does"])
        var rows = runtime.orchestrator.processors.enumerated().map { index, processor in
            Row(columns: columns, values: [.int(Int64(index + 1)), .text("every request"), .text(processor.name), .text(processor.summary)])
        }
        for (backend, chain) in runtime.orchestrator.legProcessors.sorted(by: { $0.key < $1.key }) {
            for (index, processor) in chain.processors.enumerated() {
                rows.append(Row(columns: columns, values: [
                    .int(Int64(index + 1)), .text("legs on \(backend)"), .text(processor.name), .text(processor.summary),
                ]))
            }
        }
        print(columns: columns, rows: rows)
    }

    private func listSchemas() async -> MetaCommandOutcome {
        guard let catalog = await currentCatalog() else { return .failed }
        var counts: [String: (tables: Int64, views: Int64)] = [:]
        for schema in catalog.schemas { counts[schema] = (0, 0) }
        for object in catalog.objects {
            let schema = object.schema ?? "(default)"
            var count = counts[schema] ?? (0, 0)
            if object.kind == .view { count.views += 1 } else { count.tables += 1 }
            counts[schema] = count
        }
        let columns = Columns(names: ["schema", "tables", "views"])
        let rows = counts.keys.sorted().map { name in
            Row(columns: columns, values: [.text(name), .int(counts[name]!.tables), .int(counts[name]!.views)])
        }
        print(columns: columns, rows: rows)
        return .succeeded
    }

    private func describe(_ name: String) async -> MetaCommandOutcome {
        guard let catalog = await currentCatalog() else { return .failed }
        guard let object = catalog.object(identifiedBy: name) else {
            report(SwitchyardError(
                .notFound, "no table or view named '\(name)' in backend '\(currentBackend)'", hint: "\\dt lists them"))
            return .failed
        }
        status("\(object.kind.rawValue.capitalized) \(object.qualifiedName)")
        let columns = Columns(names: ["column", "type", "nullable", "primary key"])
        let rows = object.columns.map { column in
            Row(columns: columns, values: [
                .text(column.name), .text(column.type), .text(column.isNullable ? "yes" : "no"),
                .text(column.isPrimaryKey ? "yes" : ""),
            ])
        }
        print(columns: columns, rows: rows)
        return .succeeded
    }

    /// The current backend's catalog, refreshing the completion snapshot; `nil` after reporting a failure.
    private func currentCatalog() async -> Catalog? {
        do {
            let backend = try runtime.backends.backend(named: currentBackend)
            let catalog = try await backend.catalog()
            completionCatalog.update(catalog.objects)
            return catalog
        } catch {
            report(error)
            return nil
        }
    }

    /// Prints an in-memory result in the current format.
    private func print(columns: Columns, rows: [Row]) {
        var formatter = settings.format.makeFormatter(output: output, expanded: settings.expanded, settings: settings.formatter)
        formatter.begin(columns)
        for row in rows { formatter.write(row) }
        formatter.end(rowCount: rows.count)
    }
}
