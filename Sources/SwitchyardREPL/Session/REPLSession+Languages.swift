import Switchyard

extension REPLSession {
    /// The language statements for backend `name` are written in: SQL when the backend
    /// speaks it, else its own language (MongoDB: `.mongo`); SQL for an unknown name, so
    /// the orchestrator reports the name.
    nonisolated static func language(of name: String, in runtime: SwitchyardRuntime) -> QueryLanguage {
        guard let backend = runtime.backends[name] else { return .sql }
        let languages = backend.capabilities.languages
        if languages.contains(.sql) || languages.isEmpty { return .sql }
        return languages.sorted { $0.name < $1.name }.first ?? .sql
    }

    /// What the REPL needs to know about `language`; the core's SQL support when no driver describes it.
    nonisolated static func support(for language: QueryLanguage, in runtime: SwitchyardRuntime) -> any QueryLanguageSupport {
        runtime.drivers.languageSupport(for: language) ?? SQLLanguageSupport()
    }

    /// The backend a typed statement goes to: its `@name`, else the current backend.
    func targetBackend(of statement: TargetedStatement) -> String {
        statement.target ?? currentBackend
    }

    /// The language support for a statement whose first line is `line`, when that
    /// language is not SQL (the accumulator's question).
    func nonSQLSupport(forFirstLine line: String) -> (any QueryLanguageSupport)? {
        let language = Self.language(of: targetBackend(of: TargetedStatement(parsing: line)), in: runtime)
        return language == .sql ? nil : Self.support(for: language, in: runtime)
    }

    /// How to split SQL whose first line is `line`, as the backend it goes to will read it:
    /// PostgreSQL's `E'it\'s'` is one string and its block comments nest.
    func sqlReading(forFirstLine line: String) -> SQLTokenizer.Reading {
        let backend = runtime.backends[targetBackend(of: TargetedStatement(parsing: line))]
        return backend?.capabilities.sqlDialect?.tokenizerReading ?? SQLTokenizer.Reading()
    }
}
