import Switchyard

extension REPLSession {
    /// Runs one statement as typed (`@name` prefix and final `;` allowed), printing its
    /// result or error. Returns whether it succeeded.
    ///
    /// The statement runs in a task of its own so Ctrl-C (``interrupt()``) can cancel it
    /// while the session stays up.
    func runStatement(_ typed: String) async -> Bool {
        let statement = TargetedStatement(parsing: typed)
        guard !statement.text.isEmpty else {
            report(message: "nothing to run after @\(statement.targets.joined(separator: ","))", hint: "write a statement after the backend name")
            return false
        }
        let request = makeRequest(statement)
        let task = Task { await self.execute(request) }
        running.withLock { $0 = task }
        let succeeded = await task.value
        running.withLock { $0 = nil }
        output.flush()
        return succeeded
    }

    /// The request for `statement`, in its language (``language(of:)``): its `@name` backend's,
    /// else read from the text, so routing can take it to a backend of that language.
    func makeRequest(_ statement: TargetedStatement) -> QueryRequest {
        QueryRequest(
            Statement(statement.text, language: language(of: statement)), target: Self.targetHint(statement.targets),
            context: CallerContext(
                user: callerSettings["user"], tenant: callerSettings["tenant"], currentBackend: currentBackend,
                attributes: callerSettings.filter { $0.key != "user" && $0.key != "tenant" }))
    }

    /// `@a` names one backend, `@a,b` fans out to several, no `@` lets the router decide.
    static func targetHint(_ targets: [String]) -> TargetHint {
        switch targets.count {
        case 0: .automatic
        case 1: .backend(targets[0])
        default: .backends(targets)
        }
    }

    private func execute(_ request: QueryRequest) async -> Bool {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let result = try await runtime.orchestrator.run(request)
            if result.columns.isEmpty {
                let summary = try await result.rows.summary()
                try Task.checkCancellation()
                status(request.statement.language == .sql
                    ? Self.commandTag(for: request.statement.text, summary: summary)
                    : Self.commandTag(forNonSQL: request.statement, summary: summary))
            } else {
                try await stream(result, language: request.statement.language)
            }
            for notice in result.notices { status("NOTICE: \(notice)") }
            if settings.timing { status("Time: \((clock.now - start).millisecondsText)") }
            let support = Self.support(for: request.statement.language, in: runtime)
            if support.classify(request.statement.text) == .schema { completionsAreStale = true }
            return true
        } catch {
            report(error)
            return false
        }
    }

    /// Prints rows as they arrive; stops (and releases the backend's statement) when cancelled.
    private func stream(_ result: QueryResult, language: QueryLanguage) async throws {
        let support = Self.support(for: language, in: runtime)
        var formatter = settings.format.makeFormatter(
            output: output, expanded: settings.expanded, settings: settings.formatter, jsonText: { support.jsonText($0) })
        formatter.begin(result.columns)
        var count = 0
        do {
            for try await row in result.rows {
                formatter.write(row)
                count += 1
                if count % 256 == 0 { try Task.checkCancellation() }
            }
            try Task.checkCancellation()
        } catch {
            result.rows.cancel()
            throw error is CancellationError
                ? SwitchyardError(.cancelled, "the statement was cancelled after \(count) rows") : error
        }
        formatter.end(rowCount: count)
        let summary = result.rows.currentSummary
        if let limit = summary.truncatedAt {
            status("(showing first \(limit) rows; \\limit to change)")
        }
        for warning in summary.warnings { status("WARNING: \(warning)") }
    }

    /// `INSERT: 3 rows affected`, or the statement's verb (`CREATE TABLE`) when it changed no rows.
    static func commandTag(for text: String, summary: ExecutionSummary) -> String {
        var words: [String] = []
        for token in SQLTokenizer(text) where token.kind == .word {
            words.append(token.text.uppercased())
            if words.count == 2 { break }
        }
        var verb = words.first ?? "OK"
        if verb == "WITH" {
            // The main verb follows the common table expressions.
            let verbs: Set = ["INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE"]
            verb = SQLTokenizer(text).lazy.filter { $0.kind == .word }.map { $0.text.uppercased() }.first(where: verbs.contains) ?? verb
        }
        let kind = StatementKind.classify(sql: text)
        if let affected = summary.rowsAffected, kind == .write || kind == .unknown {
            return "\(verb): \(affected) \(affected == 1 ? "row" : "rows") affected"
        }
        if kind == .schema, words.count > 1 { return words.joined(separator: " ") }
        return verb
    }

    /// `insertOne: 1 row affected` for a statement in a language other than SQL: its
    /// verb is the first method it calls (`db.items.insertOne(…)`), else its first word (`use`).
    static func commandTag(forNonSQL statement: Statement, summary: ExecutionSummary) -> String {
        let text = statement.text
        var verb = ""
        var word = ""
        for character in text {
            if character.isLetter || character.isNumber || character == "_" || character == "$" {
                word.append(character)
                continue
            }
            if character == "(", !word.isEmpty {
                verb = word
                break
            }
            if verb.isEmpty, !word.isEmpty, character.isWhitespace { verb = word }
            word = ""
        }
        if verb.isEmpty { verb = word.isEmpty ? "OK" : word }
        guard let affected = summary.rowsAffected else { return verb }
        return "\(verb): \(affected) \(affected == 1 ? "row" : "rows") affected"
    }
}
