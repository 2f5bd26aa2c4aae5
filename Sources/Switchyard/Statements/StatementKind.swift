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
        StatementKindCache.shared.kind(of: sql, classify: classifyText)
    }

    private static func classifyText(_ sql: String) -> StatementKind {
        // Read every way where PostgreSQL's `E'…'` strings or nested comments would split the
        // text differently: a write hidden from one reading shows in another.
        let kinds = SQLTokenizer.readings(of: sql).flatMap { reading in
            statements(in: sql, reading: reading).map { classifyOne($0, reading: reading) }
        }
        return kinds.first { !$0.isReadOnly } ?? kinds.first ?? .unknown
    }

    /// The statements of `sql`, split at `;` outside strings and comments; those
    /// holding no word at all (empty, or only a comment) are left out, and so is one that ends
    /// inside a string or quoted identifier: read so, the server refuses it rather than run it
    /// (`SELECT $$it's$$` read as SQLite does, where `$$` is no quote).
    private static func statements(in sql: String, reading: SQLTokenizer.Reading) -> [Substring] {
        var parts: [Substring] = []
        var start = sql.startIndex
        var hasWord = false
        for token in SQLTokenizer(sql, reading: reading) {
            if token.kind == .unterminated, let open = token.text.utf8.first, refusedWhenOpen.contains(open) { return parts }
            if token.kind == .word { hasWord = true }
            guard token.kind == .punctuation, token.text == ";" else { continue }
            if hasWord { parts.append(sql[start..<token.text.startIndex]) }
            start = token.text.endIndex
            hasWord = false
        }
        if hasWord { parts.append(sql[start...]) }
        return parts
    }

    /// The openings of strings and identifiers that both PostgreSQL and SQLite refuse to run when
    /// left open: `'`, `E'`, `"` and `$$`. (An open `/*` is a comment to the end in SQLite, and
    /// PostgreSQL reads neither a backtick nor `[` as a quote.)
    private static let refusedWhenOpen: Set<UInt8> = [
        UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "E"), UInt8(ascii: "e"), UInt8(ascii: "$"),
    ]

    private static func classifyOne(_ sql: Substring, reading: SQLTokenizer.Reading) -> StatementKind {
        // Words outside parentheses: a CTE's body or a function call cannot decide the verb.
        var words: [String] = []
        // The first word inside each parenthesis: PostgreSQL's `WITH x AS (DELETE …) SELECT …` writes.
        var openingWords: [String] = []
        var depth = 0
        var afterParen = false
        for token in SQLTokenizer(String(sql), reading: reading) {
            switch (token.kind, token.text) {
            case (.punctuation, "("): depth += 1; afterParen = true
            case (.punctuation, ")"): depth = max(0, depth - 1); afterParen = false
            case (.word, _):
                if depth == 0 { words.append(token.text.uppercased()) }
                if afterParen { openingWords.append(token.text.uppercased()) }
                afterParen = false
            case (.whitespace, _), (.comment, _): break
            default: afterParen = false
            }
        }
        guard let first = words.first else { return .unknown }
        switch first {
        case "SELECT" where words.contains("INTO"):
            // PostgreSQL's `SELECT … INTO t FROM …` creates the table `t`.
            return .write
        case "SELECT", "VALUES", "SHOW", "TABLE", "DESCRIBE":
            return .read
        case "EXPLAIN":
            // EXPLAIN ANALYZE runs the statement.
            return words.dropFirst().contains("ANALYZE") && mainVerb(words.dropFirst()) != .read ? .write : .read
        case "WITH":
            let writes: Set = ["INSERT", "UPDATE", "DELETE", "MERGE"]
            if openingWords.contains(where: writes.contains) || words.contains("INTO") { return .write }
            return mainVerb(words.dropFirst())
        case "PRAGMA":
            return classifyPragma(sql)
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

    /// The verb of the statement a `WITH` clause leads to: the first verb outside parentheses.
    private static func mainVerb(_ words: ArraySlice<String>) -> StatementKind {
        for word in words {
            switch word {
            case "SELECT", "VALUES", "TABLE": return .read
            case "INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE": return .write
            default: continue
            }
        }
        return .unknown
    }

    /// SQLite pragmas that take an argument yet only report.
    private static let reportingPragmas: Set<String> = [
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
        "foreign_key_check", "integrity_check", "quick_check", "function_list", "module_list", "pragma_list",
        "collation_list", "database_list",
    ]

    /// `PRAGMA name` reads; `PRAGMA name = value` and `PRAGMA name(value)` set, unless `name` only reports.
    private static func classifyPragma(_ sql: Substring) -> StatementKind {
        let words = SQLTokenizer(String(sql)).filter { $0.kind == .word }.map { $0.text.lowercased() }
        let name = words.dropFirst().first { !["main", "temp"].contains($0) } ?? ""
        if reportingPragmas.contains(name) { return .read }
        // Bytes, not characters: `=` followed by a combining mark is one Character but still `=` to SQLite.
        return sql.utf8.contains(UInt8(ascii: "=")) || sql.utf8.contains(UInt8(ascii: "(")) ? .write : .read
    }
}
