import Switchyard

extension REPLCompleter {
    /// Candidates in a language other than SQL (mongosh): `db.<collection>` names, the
    /// language's words after `db.` and `db.<collection>.`, and elsewhere its words and
    /// the fields of the collection the statement names (of all collections when it names none).
    func otherLanguageCandidates(word: String, support: any QueryLanguageSupport, request: CompletionRequest) -> [String] {
        let objects = catalog.all
        let words = support.completionWords
        let parts = word.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count >= 2, parts[0] == "db" {
            if parts.count == 2 {
                return objects.map { "db.\($0.name)" } + words.map { "db.\($0)" }
            }
            let prefix = parts.dropLast().joined(separator: ".")
            return words.map { "\(prefix).\($0)" }
        }
        if parts.count >= 2 {
            // `.sort` after a call: the language's words after whatever precedes the dot.
            let prefix = parts.dropLast().joined(separator: ".")
            return words.map { "\(prefix).\($0)" }
        }
        let statement = (request.previousLines + [request.line]).joined(separator: "\n")
        let named = objects.filter { statement.contains("db.\($0.name).") || statement.contains("db.\($0.name)(") }
        let fields = (named.isEmpty ? objects : named).flatMap { $0.columns.map(\.name) }
        return fields + words
    }
}
