/// SQL words offered by tab completion: keywords and common functions, upper case.
enum SQLKeywords {
    static let all: [String] = [
        "ABORT", "ADD", "ALL", "ALTER", "ANALYZE", "AND", "AS", "ASC", "ATTACH", "AUTOINCREMENT", "AVG", "BEGIN",
        "BETWEEN", "BY", "CASCADE", "CASE", "CAST", "CHECK", "COALESCE", "COLLATE", "COLUMN", "COMMIT", "CONFLICT",
        "CONSTRAINT", "COUNT", "CREATE", "CROSS", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "DEFAULT",
        "DELETE", "DESC", "DISTINCT", "DO", "DROP", "ELSE", "END", "ESCAPE", "EXCEPT", "EXISTS", "EXPLAIN", "FALSE",
        "FOREIGN", "FROM", "FULL", "GLOB", "GROUP", "HAVING", "IF", "IGNORE", "IN", "INDEX", "INNER", "INSERT",
        "INTERSECT", "INTO", "IS", "JOIN", "KEY", "LEFT", "LENGTH", "LIKE", "LIMIT", "LOWER", "MAX", "MIN", "NATURAL",
        "NOT", "NOTHING", "NULL", "NULLIF", "OFFSET", "ON", "OR", "ORDER", "OUTER", "OVER", "PARTITION", "PRAGMA",
        "PRIMARY", "QUERY", "RECURSIVE", "REFERENCES", "REINDEX", "RELEASE", "RENAME", "REPLACE", "RETURNING",
        "RIGHT", "ROLLBACK", "ROUND", "SAVEPOINT", "SELECT", "SET", "SUBSTR", "SUM", "TABLE", "TEMPORARY", "THEN",
        "TO", "TRANSACTION", "TRIGGER", "TRUE", "UNION", "UNIQUE", "UPDATE", "UPPER", "USING", "VACUUM", "VALUES",
        "VIEW", "WHEN", "WHERE", "WINDOW", "WITH",
    ]

    /// Words after which a table name is expected.
    static let beforeTable: Set<String> = ["FROM", "JOIN", "INTO", "UPDATE", "TABLE", "EXISTS"]

    static let lookup: Set<String> = Set(all)
}
