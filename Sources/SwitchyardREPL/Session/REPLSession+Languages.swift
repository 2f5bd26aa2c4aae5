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

    /// The language a typed statement is written in: its `@name` backend's; without one, the
    /// current backend's, unless only another language an open backend speaks reads the text
    /// (`db.items.find()` typed while the current backend is SQLite). The router then sees the
    /// statement in its own language, so a rule (ownership, say) can send it to a backend of
    /// that language; with none, the current backend refuses it by name.
    func language(of statement: TargetedStatement) -> QueryLanguage {
        if let target = statement.target { return Self.language(of: target, in: runtime) }
        let current = Self.language(of: currentBackend, in: runtime)
        return Self.otherLanguage(reading: statement.text, besides: current, in: runtime) ?? current
    }

    /// The one language besides `current` that an open backend speaks and whose support can
    /// tell what `text` does, when `current`'s cannot (its ``QueryLanguageSupport/classify(_:)``
    /// says `.unknown`); `nil` when none or several can.
    nonisolated static func otherLanguage(
        reading text: String, besides current: QueryLanguage, in runtime: SwitchyardRuntime
    ) -> QueryLanguage? {
        guard !text.isEmpty, support(for: current, in: runtime).classify(text) == .unknown else { return nil }
        var readers: [QueryLanguage] = []
        for backend in runtime.backends.all {
            for language in backend.capabilities.languages where language != current && !readers.contains(language) {
                let support = language == .sql ? SQLLanguageSupport() : runtime.drivers.languageSupport(for: language)
                if let support, support.classify(text) != .unknown { readers.append(language) }
            }
        }
        return readers.count == 1 ? readers[0] : nil
    }

    /// The language support for a statement whose first line is `line`, when that
    /// language is not SQL (the accumulator's question).
    func nonSQLSupport(forFirstLine line: String) -> (any QueryLanguageSupport)? {
        let language = language(of: TargetedStatement(parsing: line))
        return language == .sql ? nil : Self.support(for: language, in: runtime)
    }

    /// How to split SQL whose first line is `line`, as the backend it goes to will read it:
    /// PostgreSQL's `E'it\'s'` is one string and its block comments nest.
    func sqlReading(forFirstLine line: String) -> SQLTokenizer.Reading {
        let backend = runtime.backends[TargetedStatement(parsing: line).target ?? currentBackend]
        return backend?.capabilities.sqlDialect?.tokenizerReading ?? SQLTokenizer.Reading()
    }
}
