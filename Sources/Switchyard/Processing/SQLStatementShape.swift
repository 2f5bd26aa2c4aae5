/// The verbs and table names of SQL text, as far as processors need them: the
/// allow-list checks verbs, the result cache keys reads and invalidates writes by table.
///
/// Built on ``SQLTokenizer``, so words inside strings and comments never count. It is a
/// heuristic, not a parser: callers treat an empty table list as "could be anything".
public struct SQLStatementShape: Sendable, Hashable {
    /// The verb of each statement, upper-cased (`SELECT`, `INSERT`…), including data-changing
    /// verbs opening a parenthesis (`WITH x AS (DELETE …) SELECT …` yields `DELETE` and `SELECT`),
    /// and `SELECT INTO` beside `SELECT` for PostgreSQL's `SELECT … INTO t`, which creates a table.
    public var verbs: [String]
    /// Tables named after `FROM`, `JOIN`, `INTO`, `UPDATE`, `TABLE`, `USING` and in comma lists after
    /// `FROM`, lower-cased, without schema or quotes.
    public var tables: Set<String>

    private static let dataVerbs: Set<String> = ["SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "VALUES"]
    private static let tableIntroducers: Set<String> = ["FROM", "JOIN", "INTO", "UPDATE", "TABLE", "USING"]
    /// Words that end a `FROM a, b` list.
    private static let fromListEnders: Set<String> = [
        "WHERE", "GROUP", "ORDER", "LIMIT", "HAVING", "UNION", "INTERSECT", "EXCEPT", "SET", "VALUES", "RETURNING",
        "WINDOW", "SELECT", "DEFAULT",
    ]
    /// Words that may sit between an introducer and the table name (`INSERT OR IGNORE INTO`, `DROP TABLE IF EXISTS`).
    private static let skippable: Set<String> = ["ONLY", "IF", "NOT", "EXISTS", "OR", "IGNORE", "ROLLBACK", "ABORT", "FAIL"]

    /// Reads the verbs and tables of `sql`, which may hold several statements separated by `;`. Never fails:
    /// text it cannot make sense of yields fewer verbs and tables.
    ///
    /// Text that PostgreSQL and SQLite would split differently (an `E'…'` string holding a backslash,
    /// a comment inside a comment; see ``SQLTokenizer/readings(of:)``) yields the verbs and tables of
    /// every reading, so that a statement hidden from one reading still counts.
    public init(sql: String) {
        self.init(sql: sql, reading: SQLTokenizer.Reading())
        for reading in SQLTokenizer.readings(of: sql).dropFirst() {
            let other = SQLStatementShape(sql: sql, reading: reading)
            verbs += other.verbs.filter { !verbs.contains($0) }
            tables.formUnion(other.tables)
        }
    }

    private init(sql: String, reading: SQLTokenizer.Reading) {
        // One pass over the tokens, tracking parenthesis depth and what the last word introduced.
        var verbs: [String] = []
        var tables: Set<String> = []
        var statementStart = true
        var inWith = false
        // The statement's verb is a SELECT at the top: a top-level INTO makes it `SELECT INTO`.
        var selectAtTop = false
        var depth = 0
        var afterParen = false
        var expectTable = false
        // The name just taken as a table: a following `.` shows it was a schema.
        var lastTable: String?
        // Parenthesis depths at which a `FROM`/`JOIN` list is open: a comma there introduces another table.
        var fromLists: Set<Int> = []
        for token in SQLTokenizer(sql, reading: reading) {
            switch token.kind {
            case .whitespace, .comment:
                continue
            case .punctuation where token.text == ";":
                statementStart = true; inWith = false; depth = 0; expectTable = false; fromLists = []; selectAtTop = false
                continue
            case .punctuation where token.text == "(":
                depth += 1; afterParen = true; expectTable = false
                continue
            case .punctuation where token.text == ")":
                fromLists.remove(depth)
                depth = max(0, depth - 1); afterParen = false; expectTable = false
                continue
            case .punctuation where token.text == "," && fromLists.contains(depth):
                expectTable = true; lastTable = nil
                continue
            case .punctuation where token.text == "." && lastTable != nil:
                // `schema.table`: the next name replaces the schema.
                if let schema = lastTable { tables.remove(schema) }
                lastTable = nil
                expectTable = true
                continue
            case .word, .quoted:
                let upper = token.text.uppercased()
                lastTable = nil
                if token.kind == .word {
                    if statementStart {
                        statementStart = false
                        if upper == "WITH" { inWith = true } else { verbs.append(upper) }
                        selectAtTop = upper == "SELECT"
                    } else if inWith, depth == 0, Self.dataVerbs.contains(upper) {
                        verbs.append(upper); inWith = false
                        selectAtTop = upper == "SELECT"
                    } else if selectAtTop, depth == 0, upper == "INTO" {
                        // PostgreSQL's `SELECT … INTO t FROM …` creates the table `t`: not a read.
                        verbs.append("SELECT INTO"); selectAtTop = false
                        expectTable = true
                        continue
                    } else if afterParen, Self.dataVerbs.contains(upper), upper != "SELECT", upper != "VALUES" {
                        verbs.append(upper)
                    }
                }
                afterParen = false
                if expectTable, token.kind == .word, Self.skippable.contains(upper) { continue }
                if expectTable {
                    let name = (token.unquoted ?? String(token.text)).lowercased()
                    tables.insert(name)
                    expectTable = false
                    lastTable = name
                    continue
                }
                if token.kind == .word, Self.fromListEnders.contains(upper) { fromLists.remove(depth) }
                if token.kind == .word, Self.tableIntroducers.contains(upper) { expectTable = true }
                if token.kind == .word, upper == "FROM" || upper == "JOIN" || upper == "USING" { fromLists.insert(depth) }
            default:
                afterParen = false; expectTable = false; lastTable = nil
            }
        }
        self.verbs = verbs
        self.tables = tables
    }
}
