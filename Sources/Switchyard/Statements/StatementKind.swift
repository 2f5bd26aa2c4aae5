/// What a statement does, as far as guards and routers need to know.
public enum StatementKind: String, Sendable, Hashable {
    /// Reads only: `SELECT`, `EXPLAIN`, `SHOW`, `find`, `count`.
    case read
    /// Changes rows: `INSERT`, `UPDATE`, `DELETE`, `insertOne`.
    case write
    /// Changes structure: `CREATE`, `ALTER`, `DROP`, `createIndex`.
    case schema
    /// `BEGIN`, `COMMIT`, `ROLLBACK`, `SAVEPOINT`.
    case transaction
    /// Could not tell; guards treat it as a write.
    case unknown

    /// Whether a read-only session may run it.
    public var isReadOnly: Bool { self == .read || self == .transaction }

    /// Classifies SQL by its leading verb (looking through `WITH` to the main verb).
    ///
    /// Text holding several statements (`SELECT 1; DELETE FROM t`) is classified by
    /// the first one that is not read-only, so a write cannot hide behind a read.
    public static func classify(sql: String) -> StatementKind {
        let kinds = statements(in: sql).map(classifyOne)
        return kinds.first { !$0.isReadOnly } ?? kinds.first ?? .unknown
    }

    /// The statements of `sql`, split at `;` outside strings and comments; those
    /// holding no word at all (empty, or only a comment) are left out.
    private static func statements(in sql: String) -> [Substring] {
        var parts: [Substring] = []
        var start = sql.startIndex
        var hasWord = false
        for token in SQLTokenizer(sql) {
            if token.kind == .word { hasWord = true }
            guard token.kind == .punctuation, token.text == ";" else { continue }
            if hasWord { parts.append(sql[start..<token.text.startIndex]) }
            start = token.text.endIndex
            hasWord = false
        }
        if hasWord { parts.append(sql[start...]) }
        return parts
    }

    private static func classifyOne(_ sql: Substring) -> StatementKind {
        var words: [String] = []
        for token in SQLTokenizer(String(sql)) where token.kind == .word {
            words.append(token.text.uppercased())
            if words.count == 1, words[0] != "WITH", words[0] != "EXPLAIN" { break }
        }
        guard let first = words.first else { return .unknown }
        switch first {
        case "SELECT", "VALUES", "SHOW", "TABLE", "DESCRIBE":
            return .read
        case "EXPLAIN":
            // EXPLAIN ANALYZE runs the statement.
            return words.dropFirst().contains("ANALYZE") && classifyMainVerb(words.dropFirst()) != .read ? .write : .read
        case "WITH":
            return classifyMainVerb(words.dropFirst())
        case "PRAGMA":
            return sql.contains("=") || sql.contains("(") ? .write : .read
        case "INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "UPSERT", "TRUNCATE", "COPY", "CALL", "DO", "LOCK":
            return .write
        case "CREATE", "ALTER", "DROP", "ATTACH", "DETACH", "VACUUM", "REINDEX", "ANALYZE", "GRANT", "REVOKE",
            "COMMENT", "CLUSTER", "REFRESH":
            return .schema
        case "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "START", "ABORT":
            return .transaction
        default:
            return .unknown
        }
    }

    private static func classifyMainVerb(_ words: ArraySlice<String>) -> StatementKind {
        let writes: Set = ["INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE"]
        return words.contains(where: writes.contains) ? .write : .read
    }
}
