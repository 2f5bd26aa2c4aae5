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
        lastStatement = typed
        let request = makeRequest(statement)
        let succeeded = await runCancellable { await self.execute(request) }
        output.flush()
        return succeeded
    }

    /// The request for `statement`, in its language (``language(of:)``): its `@name` backend's,
    /// else read from the text, so routing can take it to a backend of that language.
    /// With a ``REPLSettings/timeout``, the request must be done (its rows printed) by then.
    func makeRequest(_ statement: TargetedStatement) -> QueryRequest {
        QueryRequest(
            Statement(statement.text, language: language(of: statement)), target: Self.targetHint(statement.targets),
            context: callerContext(), options: requestOptions())
    }

    /// Who the session's requests come from: the `\set` user, tenant and attributes, and the current backend.
    func callerContext() -> CallerContext {
        CallerContext(
            user: callerSettings["user"], tenant: callerSettings["tenant"], currentBackend: currentBackend,
            attributes: callerSettings.filter { $0.key != "user" && $0.key != "tenant" })
    }

    /// How a request starting now runs: with a ``REPLSettings/timeout``, done by then.
    func requestOptions() -> QueryOptions {
        guard let timeout = settings.timeout else { return QueryOptions() }
        return QueryOptions(timeout: timeout, deadline: .now + timeout)
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
        let support = Self.support(for: request.statement.language, in: runtime)
        let kind = support.classify(request.statement.text)
        do {
            let result = try await runtime.orchestrator.run(request)
            // A MongoDB `find` that matched nothing has no columns (they come from the
            // documents), and still answers with rows: `(0 rows)`, or `[]` in JSON.
            if result.columns.isEmpty, request.statement.language == .sql || kind != .read {
                let summary = try await result.rows.summary()
                try Task.checkCancellation()
                func tag(_ summary: ExecutionSummary) -> String {
                    request.statement.language == .sql
                        ? Self.commandTag(for: request.statement.text, summary: summary)
                        : Self.commandTag(forNonSQL: request.statement, summary: summary)
                }
                // Sent to several backends: what it did on each (`pg: INSERT: 1 row affected`).
                if summary.legs.isEmpty {
                    status(tag(summary))
                } else {
                    for leg in summary.legs { status("\(leg.source): \(tag(leg.summary))") }
                }
                reportServerMessages(summary)
            } else {
                try await stream(result, language: request.statement.language)
            }
            for notice in result.notices { status("NOTICE: \(notice)") }
            if request.statement.language == .sql { followSession(request.statement.text, on: result.route.targets) }
            if settings.timing { status("Time: \((clock.now - start).millisecondsText)") }
            if kind == .schema { completionsAreStale = true }
            return true
        } catch is OutputClosedByReader {
            return false  // nobody reads the output any more: nothing to say, and no one to say it to
        } catch {
            report(error)
            return false
        }
    }

    /// The server's notices (which carry their own severity) and the result's warnings, one status line each.
    private func reportServerMessages(_ summary: ExecutionSummary) {
        for notice in summary.notices { status(notice) }
        for warning in summary.warnings { status("WARNING: \(warning)") }
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
                if count % 256 == 0 {
                    try Task.checkCancellation()
                    if output.isClosedByReader { throw OutputClosedByReader() }
                }
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
        reportServerMessages(summary)
    }

    /// `INSERT: 3 rows affected`; for a statement that changed no rows, the server's own
    /// tag where it sends one (PostgreSQL's `ROLLBACK` for a `COMMIT` of a failed
    /// transaction), else the statement's verb and object (`CREATE TABLE`).
    static func commandTag(for text: String, summary: ExecutionSummary) -> String {
        if summary.rowsAffected == nil, let tag = summary.commandTag { return tag }
        let kind = StatementKind.classify(sql: text)
        var words: [String] = []
        for token in SQLTokenizer(text) where token.kind == .word {
            let word = token.text.uppercased()
            // `CREATE TEMP TABLE` and `CREATE UNIQUE INDEX` create a TABLE and an INDEX.
            if words.count == 1, kind == .schema, schemaModifiers.contains(word) { continue }
            words.append(word)
            if words.count == 2 { break }
        }
        var verb = words.first ?? "OK"
        if verb == "WITH" {
            // The main verb follows the common table expressions.
            let verbs: Set = ["INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE"]
            verb = SQLTokenizer(text).lazy.filter { $0.kind == .word }.map { $0.text.uppercased() }.first(where: verbs.contains) ?? verb
        }
        if let affected = summary.rowsAffected, kind == .write || kind == .unknown {
            return "\(verb): \(affected) \(affected == 1 ? "row" : "rows") affected"
        }
        if kind == .schema, words.count > 1 { return words.joined(separator: " ") }
        return verb
    }

    /// Words between `CREATE`/`DROP` and the kind of object, left out of the tag as the servers do.
    private static let schemaModifiers: Set = [
        "TEMP", "TEMPORARY", "UNIQUE", "OR", "REPLACE", "UNLOGGED", "GLOBAL", "LOCAL", "IF", "NOT", "EXISTS",
    ]

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

/// The reader of the output went away while rows streamed: the statement stops quietly.
struct OutputClosedByReader: Error {}
