import Switchyard

/// The statements a read-only request may not run even though SQLite calls them
/// read-only (`sqlite3_stmt_readonly` is about writing the database *file*).
///
/// `ATTACH` creates a missing file, `REINDEX` rebuilds indexes, `PRAGMA optimize` may
/// run `ANALYZE`, and a pragma with a value (`PRAGMA foreign_keys = OFF`) changes the
/// connection for everyone who uses it next. Read-only requests on file databases run
/// on reader connections opened `SQLITE_OPEN_READONLY`, which cannot write at all; the
/// policy applies on every connection so the same statements are refused everywhere,
/// including the writer (`:memory:`, temp tables).
enum SQLiteReadOnlyPolicy {
    /// Pragmas that take an argument only to say what to describe.
    static let describingPragmas: Set<String> = [
        "table_info", "table_xinfo", "table_list", "index_info", "index_xinfo", "index_list", "foreign_key_list",
        "foreign_key_check", "integrity_check", "quick_check",
    ]

    /// Pragmas that change something even without an argument.
    static let actingPragmas: Set<String> = ["optimize", "incremental_vacuum", "shrink_memory", "wal_checkpoint"]

    /// Why a read-only request may not run the first statement of `sql`, or `nil` when it may.
    ///
    /// Checked on the text *before* it is prepared: SQLite applies flag pragmas such as
    /// `foreign_keys` while compiling them, so refusing after `sqlite3_prepare` is too late.
    static func refusal(of sql: some StringProtocol) -> String? {
        if startsWithHarmlessWord(sql.utf8) { return nil }
        var tokens = SQLTokenizer(String(sql))
        var first: String?
        while let token = tokens.next() {
            if token.kind == .word {
                first = token.text.lowercased()
                break
            }
            if token.kind == .punctuation, token.text != ";" { return nil }
        }
        guard let first, ["pragma", "attach", "detach", "reindex"].contains(first) else { return nil }
        var words: [String] = [first]
        var hasArgument = false
        var hasSchema = false
        while let token = tokens.next() {
            if token.kind == .punctuation, token.text == ";" { break }
            switch token.kind {
            case .word:
                if words.count < 3 { words.append(token.text.lowercased()) }
            case .punctuation where token.text == "=" || token.text == "(":
                hasArgument = true
            case .punctuation where token.text == "." && words.count == 2:
                hasSchema = true
            case .quoted where words.count < 3:
                words.append(token.text.dropFirst().dropLast().lowercased())
            default:
                break
            }
            if hasArgument { break }
        }
        guard let verb = words.first else { return nil }
        switch verb {
        case "attach", "detach", "reindex":
            return "\(verb.uppercased()) changes the connection or the files even though it writes no rows"
        case "pragma":
            // `PRAGMA schema.name` or `PRAGMA name`; the schema is a word before a '.'.
            let name = hasSchema && words.count >= 3 ? words[2] : (words.count >= 2 ? words[1] : "")
            if hasArgument, !describingPragmas.contains(name) {
                return "PRAGMA \(name) with a value changes the connection"
            }
            if actingPragmas.contains(name) {
                return "PRAGMA \(name) changes the database"
            }
            return nil
        default:
            return nil
        }
    }

    /// Whether the text starts (after spaces) with a letter no refused verb starts with:
    /// `SELECT`, `INSERT`, `WITH`… The common case, decided without tokenizing. Anything
    /// else (`p`, `a`, `d`, `r`, a comment, a parenthesis) goes to the tokenizer.
    private static func startsWithHarmlessWord(_ utf8: some Collection<UInt8>) -> Bool {
        guard let first = utf8.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return false }
        let lower = first | 0x20
        guard lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "z") else { return false }
        switch lower {
        case UInt8(ascii: "p"), UInt8(ascii: "a"), UInt8(ascii: "d"), UInt8(ascii: "r"): return false
        default: return true  // (a search of "padr".utf8 cost ≈ 170 instructions a statement)
        }
    }
}
