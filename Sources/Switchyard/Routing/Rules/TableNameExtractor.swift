/// Finds the tables or collections a statement touches, for ownership routing.
///
/// SQL: the names after `FROM`, `JOIN`, `INTO`, `UPDATE` (and `TABLE`), read with the
/// core's ``SQLTokenizer`` so nothing inside strings or comments counts. mongosh:
/// `db.<collection>.` and `db.getCollection("<collection>")`.
public enum TableNameExtractor {
    /// The names `statement` touches, each once, as written (`schema.table` kept whole, quotes removed,
    /// case unchanged); empty when it names none. Languages other than SQL are read as mongosh.
    public static func tables(in statement: Statement) -> [String] {
        switch statement.language {
        case .sql: sqlTables(statement.text)
        default: mongoCollections(statement.text)
        }
    }

    private static let introducers: Set<String> = ["FROM", "JOIN", "INTO", "UPDATE", "TABLE"]

    static func sqlTables(_ sql: String) -> [String] {
        let tokens = SQLTokenizer(sql).filter { $0.kind != .whitespace && $0.kind != .comment }
        var names: [String] = []
        var index = 0
        while index < tokens.count {
            defer { index += 1 }
            guard tokens[index].kind == .word, introducers.contains(tokens[index].text.uppercased()) else { continue }
            // `INSERT INTO`, `DELETE FROM`, `UPDATE ONLY t`, `CREATE TABLE IF NOT EXISTS t`: skip modifiers.
            var next = index + 1
            while next < tokens.count, tokens[next].kind == .word,
                ["ONLY", "IF", "NOT", "EXISTS", "LATERAL"].contains(tokens[next].text.uppercased())
            {
                next += 1
            }
            guard next < tokens.count, let first = identifier(tokens[next]) else { continue }
            var name = first
            // `schema.table`
            if next + 2 < tokens.count, tokens[next + 1].kind == .punctuation, tokens[next + 1].text == ".",
                let second = identifier(tokens[next + 2])
            {
                name += "." + second
            }
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// A word or a double-quoted/backquoted identifier; not a keyword that starts a subquery.
    private static func identifier(_ token: SQLTokenizer.Token) -> String? {
        switch token.kind {
        case .word:
            let upper = token.text.uppercased()
            return ["SELECT", "VALUES", "WITH"].contains(upper) ? nil : String(token.text)
        case .quoted:
            guard let quote = token.text.first, quote == "\"" || quote == "`", token.text.count >= 2 else { return nil }
            return String(token.text.dropFirst().dropLast())
        default:
            return nil
        }
    }

    static func mongoCollections(_ text: String) -> [String] {
        var names: [String] = []
        let patterns = [#/db\.getCollection\(\s*["']([^"']+)["']\s*\)/#, #/db\.([A-Za-z_][A-Za-z0-9_]*)\./#]
        for pattern in patterns {
            for match in text.matches(of: pattern) {
                let name = String(match.output.1)
                if name != "getCollection", !names.contains(name) { names.append(name) }
            }
        }
        return names
    }
}
