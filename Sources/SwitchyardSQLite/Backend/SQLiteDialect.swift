import Switchyard

/// How to write SQL for SQLite, for ``SQLEntityStore`` and ``SQLPredicateTranslator``.
///
/// SQLite has no `ILIKE`, and its `LIKE` ignores ASCII case, so a case-sensitive match
/// is rewritten as `GLOB` (which is case-sensitive) with the pattern translated.
public struct SQLiteDialect: SQLDialect {
    /// Creates the dialect; it holds no state.
    public init() {}

    public var name: String { "sqlite" }

    /// `?NNN`: numbered, so one value can be referred to twice.
    public func placeholder(_ index: Int) -> String { "?\(index)" }

    /// `IS NOT`, which SQLite defines as null-safe inequality.
    public func distinct(_ expression: String, _ placeholder: String) -> String {
        "\(expression) IS NOT \(placeholder)"
    }

    /// Case-insensitive matches use `LIKE … ESCAPE '\'` (ASCII case only); case-sensitive ones use `GLOB`
    /// with the pattern from ``globPattern(fromLike:)``.
    public func like(_ expression: String, pattern: String, caseInsensitive: Bool, placeholder: String) -> (sql: String, binding: Value) {
        if caseInsensitive {
            return ("\(expression) LIKE \(placeholder) ESCAPE '\\'", .text(pattern))
        }
        return ("\(expression) GLOB \(placeholder)", .text(Self.globPattern(fromLike: pattern)))
    }

    /// SQLite accepts `NULLS FIRST` / `NULLS LAST` since 3.30.
    public var supportsNullsOrdering: Bool { true }

    /// SQLite needs a `LIMIT` before an `OFFSET`; `LIMIT -1` means no limit.
    public func limitClause(limit: Int?, offset: Int) -> String {
        var clause = limit.map { " LIMIT \(max(0, $0))" } ?? ""
        if offset > 0 {
            if limit == nil { clause = " LIMIT -1" }
            clause += " OFFSET \(offset)"
        }
        return clause
    }

    /// Translates a `LIKE` pattern (`%`, `_`, `\` escapes) into a `GLOB` pattern: `%` → `*`,
    /// `_` → `?`, and the GLOB metacharacters `*`, `?`, `[` taken literally as `[*]`, `[?]`, `[[]`.
    public static func globPattern(fromLike pattern: String) -> String {
        var glob = ""
        var escaping = false
        for character in pattern {
            if escaping {
                glob += literal(character)
                escaping = false
                continue
            }
            switch character {
            case "\\": escaping = true
            case "%": glob += "*"
            case "_": glob += "?"
            default: glob += literal(character)
            }
        }
        if escaping { glob += "\\" }  // a trailing backslash stands for itself
        return glob
    }

    private static func literal(_ character: Character) -> String {
        switch character {
        case "*": "[*]"
        case "?": "[?]"
        case "[": "[[]"
        default: String(character)
        }
    }
}
