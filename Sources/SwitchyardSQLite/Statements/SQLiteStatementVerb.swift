import Switchyard

/// The main verb of one SQL statement, as far as the execution summary needs it:
/// which statements changed rows (`sqlite3_changes` is meaningful) and which inserted
/// them (`sqlite3_last_insert_rowid` is).
///
/// Looks through a `WITH …` prefix to the verb at nesting depth 0, so
/// `WITH x AS (SELECT 1) INSERT …` is an insert and a CTE's inner `SELECT`s are not.
enum SQLiteStatementVerb: Sendable, Hashable {
    case insert, update, delete, other

    init(sql: String) {
        var depth = 0
        var inWithPrefix = false
        for token in SQLTokenizer(sql) {
            if token.kind == .punctuation {
                if token.text == "(" { depth += 1 } else if token.text == ")" { depth -= 1 }
                continue
            }
            guard token.kind == .word, depth == 0 else { continue }
            switch token.text.uppercased() {
            case "INSERT", "REPLACE": self = .insert; return
            case "UPDATE": self = .update; return
            case "DELETE": self = .delete; return
            case "WITH": inWithPrefix = true
            case "SELECT", "VALUES": self = .other; return
            default: if !inWithPrefix { self = .other; return }
            }
        }
        self = .other
    }

    /// Whether `sqlite3_changes` reports this statement's rows.
    var changesRows: Bool { self != .other }
}
