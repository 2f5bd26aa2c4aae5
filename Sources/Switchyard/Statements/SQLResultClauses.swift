/// The clauses that close a SQL query and shape its rows — its top-level `ORDER BY`, `LIMIT`
/// and `OFFSET` — and whether its select list takes an average: what a merge-sorted or
/// aggregating fan-out needs to put the combined rows in order and cut them as the statement asks.
///
/// Built on ``SQLTokenizer``, so words in strings, comments and parentheses (subqueries, window
/// clauses) never count; with several statements, the last one's clauses are read. It is not a
/// parser: an `ORDER BY` item other than a column name or position leaves ``orderBy`` nil.
struct SQLResultClauses: Sendable, Equatable {
    /// One `ORDER BY` item: a result column by name or 1-based position, and its direction.
    struct OrderItem: Sendable, Equatable {
        enum Key: Sendable, Equatable {
            /// A column name; a quoted one matches exactly, a bare one ignoring case.
            case name(String, quoted: Bool)
            case position(Int)
        }
        var key: Key
        var descending: Bool
        /// `NULLS FIRST` or `NULLS LAST` when written; otherwise NULLs sort first, as ``ValueOrdering`` does.
        var nullsFirst: Bool?
    }

    /// The top-level `ORDER BY` items; nil when there is none or one is an expression.
    var orderBy: [OrderItem]?
    /// Whether the statement has a top-level `ORDER BY` at all.
    var hasOrderBy = false
    /// How many rows `LIMIT` (or SQLite's `LIMIT offset, count`) keeps; nil without one.
    var limit: Int?
    /// How many rows `OFFSET` skips; 0 without one.
    var offset = 0
    /// A `LIMIT`, `OFFSET` or `FETCH` this cannot read as a number (an expression, a placeholder
    /// that must stay in the text), as written; a fan-out refuses to guess.
    var unreadable: String?
    /// Whether the select list calls `avg(…)` outside parentheses.
    var averages = false
    /// The text each leg should run: the same statement with `OFFSET` folded into `LIMIT`
    /// (`LIMIT 2 OFFSET 3` becomes `LIMIT 5`), since each leg must return every row the merged
    /// result could skip; nil when the text needs no change.
    var legText: String?

    /// Reads the clauses of `sql`, whose placeholders (`$1`, `?`) stand for `bindings`.
    init(sql: String, bindings: [Value] = []) {
        var reader = Reader(sql: sql, bindings: bindings)
        for token in SQLTokenizer(sql) { reader.read(token) }
        self = reader.finish()
    }

    init() {}
}

extension SQLResultClauses {
    /// A single pass over the tokens; clause words count only at parenthesis depth zero.
    private struct Reader {
        enum Clause { case none, order, limit, offset, fetch }
        let sql: String
        let bindings: [Value]
        var result = SQLResultClauses()
        var depth = 0
        var placeholders = 0
        var clause = Clause.none
        var previousWord = ""
        var inSelectList = false
        /// The tokens of the current `ORDER BY` item, and whether it held parentheses.
        var item: [SQLTokenizer.Token] = []
        var itemIsComplex = false
        var items: [OrderItem]? = []
        /// The `LIMIT` and `OFFSET` operands read so far, and where their clauses stand in the text.
        var limitOperands: [Int] = []
        var offsetOperand: Int?
        var limitRange: Range<String.Index>?
        var offsetRange: Range<String.Index>?

        init(sql: String, bindings: [Value]) {
            self.sql = sql
            self.bindings = bindings
        }

        mutating func read(_ token: SQLTokenizer.Token) {
            if token.kind == .whitespace || token.kind == .comment { return }
            if ended {
                // Another statement follows the `;`: its clauses are the ones that count.
                let counted = placeholders
                self = Reader(sql: sql, bindings: bindings)
                placeholders = counted
            }
            switch token.kind {
            case .punctuation where token.text == "?":
                placeholders += 1
                operand(bindings.indices.contains(placeholders - 1) ? bindings[placeholders - 1].intValue : nil, token)
                return
            case .punctuation where token.text == ";":
                endClause()
                ended = true
                return
            case .punctuation where token.text == "(":
                if depth == 0, inSelectList, previousWord == "AVG" { result.averages = true }
                depth += 1
                if clause == .order { itemIsComplex = true }
                previousWord = ""
                return
            case .punctuation where token.text == ")":
                depth = max(0, depth - 1)
                previousWord = ""
                return
            default: break
            }
            previousWord = token.kind == .word ? token.text.uppercased() : ""
            guard depth == 0 else { return }
            if token.kind == .word, startsClause(previousWord, token) { return }
            switch clause {
            case .order: orderToken(token)
            case .limit, .offset: limitToken(token)
            case .fetch, .none: break
            }
        }

        /// Handles a word that opens or closes a clause; true when it did.
        private mutating func startsClause(_ word: String, _ token: SQLTokenizer.Token) -> Bool {
            switch word {
            case "SELECT": inSelectList = true; return true
            case "FROM": inSelectList = false; return false
            case "BY" where lastWasOrder:
                endClause()
                clause = .order
                result.hasOrderBy = true
                return true
            case "ORDER": lastWasOrder = true; return true
            case "LIMIT":
                endClause()
                clause = .limit
                limitRange = token.text.startIndex..<token.text.endIndex
                return true
            case "OFFSET":
                endClause()
                clause = .offset
                offsetRange = token.text.startIndex..<token.text.endIndex
                return true
            case "FETCH":
                endClause()
                clause = .fetch
                result.unreadable = result.unreadable ?? "FETCH"
                return true
            case "UNION", "INTERSECT", "EXCEPT", "FOR", "WINDOW":
                endClause()
                clause = .none
                return false
            default:
                lastWasOrder = false
                return false
            }
        }

        /// Whether the last word was `ORDER`, so that a `BY` opens the clause.
        var lastWasOrder = false

        private mutating func orderToken(_ token: SQLTokenizer.Token) {
            if token.kind == .punctuation, token.text == "," {
                endItem()
            } else {
                item.append(token)
            }
        }

        private mutating func limitToken(_ token: SQLTokenizer.Token) {
            let text = token.text
            if token.kind == .punctuation, text == "," { extend(token); return }
            if token.kind == .word, ["ROW", "ROWS", "ALL"].contains(text.uppercased()) {
                extend(token)
                return
            }
            if token.kind == .punctuation, text == "$" {
                dollar = true
                extend(token)
                return
            }
            if dollar, token.kind == .word, let index = Int(text), index >= 1 {
                // A `$n` placeholder: its binding, which must stay in the text.
                dollar = false
                operand(bindings.indices.contains(index - 1) ? bindings[index - 1].intValue : nil, token, placeholder: true)
                return
            }
            if token.kind == .word, let number = Int(text), number >= 0 {
                operand(number, token, placeholder: false)
                return
            }
            unreadable(token)
        }

        private mutating func operand(_ value: Int?, _ token: SQLTokenizer.Token, placeholder: Bool = true) {
            guard depth == 0, clause == .limit || clause == .offset else { return }
            guard let value, value >= 0 else { unreadable(token); return }
            extend(token)
            // A placeholder cannot be folded away, but its value can still cut the merged rows.
            if placeholder { placeholderOperand = true }
            if clause == .limit { limitOperands.append(value) } else { offsetOperand = value }
        }

        /// Whether a `LIMIT` or `OFFSET` operand is a placeholder, which folding would have to remove.
        var placeholderOperand = false
        /// Whether a `;` ended the statement read so far.
        var ended = false
        /// Whether the last token was the `$` of a `$n` placeholder.
        var dollar = false

        private mutating func unreadable(_ token: SQLTokenizer.Token) {
            result.unreadable = result.unreadable ?? "\(clause == .offset ? "OFFSET" : "LIMIT") \(token.text)"
        }

        /// Stretches the current `LIMIT` or `OFFSET` clause's range over `token`.
        private mutating func extend(_ token: SQLTokenizer.Token) {
            if clause == .limit, let range = limitRange { limitRange = range.lowerBound..<token.text.endIndex }
            if clause == .offset, let range = offsetRange { offsetRange = range.lowerBound..<token.text.endIndex }
        }

        private mutating func endItem() {
            defer { item = []; itemIsComplex = false }
            guard items != nil else { return }
            guard !itemIsComplex, let parsed = Self.orderItem(item) else { items = nil; return }
            items?.append(parsed)
        }

        private mutating func endClause() {
            if clause == .order { endItem() }
            clause = .none
        }

        /// `name`, `"name"`, `t.name` or `2`, then `ASC`/`DESC` and `NULLS FIRST`/`NULLS LAST`.
        private static func orderItem(_ tokens: [SQLTokenizer.Token]) -> OrderItem? {
            var rest = tokens[...]
            guard var first = rest.popFirst() else { return nil }
            // `t.name`: the result column is `name`.
            while rest.count >= 2, rest.first?.text == ".", let next = rest.dropFirst().first, next.kind != .punctuation {
                rest = rest.dropFirst(2)
                first = next
            }
            let key: OrderItem.Key
            if first.kind == .word, let position = Int(first.text) {
                guard position >= 1 else { return nil }
                key = .position(position)
            } else if first.kind == .word, first.text.first?.isLetter == true || first.text.first == "_" {
                key = .name(String(first.text), quoted: false)
            } else if let name = first.unquoted, first.text.first != "'" {
                key = .name(name, quoted: true)
            } else {
                return nil
            }
            var words = rest.map { $0.text.uppercased() }[...]
            var descending = false
            if words.first == "ASC" || words.first == "DESC" { descending = words.removeFirst() == "DESC" }
            var nullsFirst: Bool?
            if words.first == "NULLS", words.count >= 2 {
                words.removeFirst()
                let which = words.removeFirst()
                guard which == "FIRST" || which == "LAST" else { return nil }
                nullsFirst = which == "FIRST"
            }
            guard words.isEmpty else { return nil }
            return OrderItem(key: key, descending: descending, nullsFirst: nullsFirst)
        }

        mutating func finish() -> SQLResultClauses {
            endClause()
            result.orderBy = result.hasOrderBy ? items : nil
            // `LIMIT count`, or SQLite's `LIMIT offset, count`.
            switch limitOperands.count {
            case 0: break
            case 1: result.limit = limitOperands[0]
            case 2:
                result.offset = limitOperands[0]
                result.limit = limitOperands[1]
            default: result.unreadable = result.unreadable ?? "LIMIT"
            }
            if let offset = offsetOperand { result.offset = offset }
            if result.unreadable == nil, result.offset > 0 { foldOffset() }
            return result
        }

        /// Rewrites the text so each leg returns the rows the merged result skips as well.
        private mutating func foldOffset() {
            guard !placeholderOperand else {
                result.unreadable = "OFFSET given by a placeholder"
                return
            }
            var text = sql
            let limit = result.limit.map { $0.addingReportingOverflow(result.offset) }.map { $0.overflow ? Int.max : $0.partialValue }
            // Replace the later clause first, so the earlier one's indices stay valid.
            let ranges = [limitRange, offsetRange].compactMap { $0 }.sorted { $0.lowerBound > $1.lowerBound }
            for range in ranges {
                let replacement = range == limitRange ? limit.map { "LIMIT \($0)" } ?? "" : ""
                text.replaceSubrange(range, with: replacement)
            }
            result.legText = text
        }
    }
}

extension Value {
    /// The value as a row count when it is a whole number (a bound `LIMIT`).
    fileprivate var intValue: Int? {
        switch self {
        case .int(let i): Int(exactly: i)
        default: nil
        }
    }
}
