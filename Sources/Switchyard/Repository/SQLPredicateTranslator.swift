/// Turns a ``Predicate`` into a SQL condition with bound values, for any ``SQLDialect``.
public struct SQLPredicateTranslator: Sendable {
    /// The dialect whose placeholders, `LIKE` and null-safe comparison it writes.
    public let dialect: any SQLDialect

    /// Creates a translator writing conditions in `dialect`.
    public init(dialect: any SQLDialect) { self.dialect = dialect }

    /// The condition text (`TRUE`-equivalent `1=1` for `.all`) and its bindings,
    /// numbered from `firstIndex`.
    public func translate(_ predicate: Predicate, firstIndex: Int = 1) -> (sql: String, bindings: [Value]) {
        var bindings: [Value] = []
        let sql = render(predicate, &bindings, firstIndex)
        return (sql, bindings)
    }

    /// The bindings ``translate(_:firstIndex:)`` gives `predicate`, in the same order, without
    /// writing its text: for a statement whose text is at hand already (``SQLEntityStore``
    /// keeps them by query shape).
    public func bindings(of predicate: Predicate, firstIndex: Int = 1) -> [Value] {
        var bindings: [Value] = []
        collect(predicate, &bindings, firstIndex)
        return bindings
    }

    /// `render`'s bindings, case by case.
    private func collect(_ predicate: Predicate, _ bindings: inout [Value], _ first: Int) {
        switch predicate {
        case .all, .isNull, .compare(_, .equal, .null):
            return
        case .compare(_, _, let value):
            bindings.append(value)
        case .isIn(_, let values):
            bindings.append(contentsOf: values)
        case .like(let field, let pattern, let caseInsensitive):
            let placeholder = dialect.placeholder(first + bindings.count)
            bindings.append(dialect.like(dialect.quote(field), pattern: pattern, caseInsensitive: caseInsensitive, placeholder: placeholder).binding)
        case .and(let parts), .or(let parts):
            for part in parts { collect(part, &bindings, first) }
        case .not(let inner):
            collect(inner, &bindings, first)
        }
    }

    private func bind(_ value: Value, _ bindings: inout [Value], _ first: Int) -> String {
        bindings.append(value)
        return dialect.placeholder(first + bindings.count - 1)
    }

    private func render(_ predicate: Predicate, _ bindings: inout [Value], _ first: Int) -> String {
        switch predicate {
        case .all:
            return "1=1"
        case .compare(let field, .equal, .null):
            return "\(dialect.quote(field)) IS NULL"
        case .compare(let field, .notEqual, let value):
            return dialect.distinct(dialect.quote(field), bind(value, &bindings, first))
        case .compare(let field, let op, let value):
            return "\(dialect.quote(field)) \(op.rawValue) \(bind(value, &bindings, first))"
        case .isNull(let field):
            return "\(dialect.quote(field)) IS NULL"
        case .isIn(_, let values) where values.isEmpty:
            return "1=0"
        case .isIn(let field, let values):
            let list = values.map { bind($0, &bindings, first) }.joined(separator: ", ")
            return "\(dialect.quote(field)) IN (\(list))"
        case .like(let field, let pattern, let caseInsensitive):
            let placeholder = dialect.placeholder(first + bindings.count)
            let (sql, value) = dialect.like(dialect.quote(field), pattern: pattern, caseInsensitive: caseInsensitive, placeholder: placeholder)
            bindings.append(value)
            return sql
        case .and(let parts) where parts.isEmpty:
            return "1=1"
        case .and(let parts):
            return "(" + parts.map { render($0, &bindings, first) }.joined(separator: " AND ") + ")"
        case .or(let parts) where parts.isEmpty:
            return "1=0"
        case .or(let parts):
            return "(" + parts.map { render($0, &bindings, first) }.joined(separator: " OR ") + ")"
        case .not(let inner):
            // "Not true", so rows where the inner condition is NULL match (as in MongoDB).
            return "NOT COALESCE((\(render(inner, &bindings, first))), 1=0)"
        }
    }

    /// `ORDER BY …` with nulls first ascending and last descending, or "" for no keys.
    public func orderBy(_ keys: [SortKey]) -> String {
        guard !keys.isEmpty else { return "" }
        let parts = keys.map { key -> String in
            let column = dialect.quote(key.field)
            let ascending = key.direction == .ascending
            if dialect.supportsNullsOrdering {
                return "\(column) \(ascending ? "ASC NULLS FIRST" : "DESC NULLS LAST")"
            }
            return "\(column) IS NOT NULL \(ascending ? "ASC" : "DESC"), \(column) \(ascending ? "ASC" : "DESC")"
        }
        return " ORDER BY " + parts.joined(separator: ", ")
    }
}
