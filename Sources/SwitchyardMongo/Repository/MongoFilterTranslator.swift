import Switchyard

/// Translates the core's ``Predicate`` into a MongoDB filter document with the core's
/// semantics:
/// - comparisons use `$eq`, `$lt`…, which never match null or a missing field;
/// - `!=` is `$ne` and `not` is `$nor`, both of which match nulls and missing fields;
/// - `== nil` is `{field: null}` (null or missing), `!= nil` is `{$ne: null}`;
/// - `isIn` drops nulls from the list (as SQL `IN` never matches NULL); an empty list
///   matches nothing;
/// - `like` becomes an anchored regular expression with every other character escaped
///   (`%` → `.*`, `_` → `.`, `\` escapes), option `s` so `%` spans newlines, plus `i`
///   when case-insensitive.
/// The entity field `id` is stored as `_id`.
enum MongoFilterTranslator {
    static func storedName(_ field: String) -> String { field == "id" ? "_id" : field }

    /// Matches no document: every document has an `_id`.
    static let nothing: Document = ["_id": .document(["$exists": .bool(false)])]

    static func filter(_ predicate: Predicate) -> Document {
        switch predicate {
        case .all: return [:]
        case .compare(let field, let op, let value):
            let name = storedName(field)
            let operatorName = switch op {
            case .equal: "$eq"
            case .notEqual: "$ne"
            case .less: "$lt"
            case .lessOrEqual: "$lte"
            case .greater: "$gt"
            case .greaterOrEqual: "$gte"
            }
            if value.isNull {
                // `== nil` is `isNull`, `!= nil` its negation; ordering against null matches nothing.
                switch op {
                case .equal: return [name: .null]
                case .notEqual: return [name: .document(["$ne": .null])]
                default: return nothing
                }
            }
            return [name: .document([operatorName: value])]
        case .isNull(let field):
            return [storedName(field): .null]
        case .isIn(let field, let values):
            let present = values.filter { !$0.isNull }
            guard !present.isEmpty else { return nothing }
            return [storedName(field): .document(["$in": .array(present)])]
        case .like(let field, let pattern, let caseInsensitive):
            return [storedName(field): .document([
                "$regex": .text(regex(fromLike: pattern)), "$options": .text(caseInsensitive ? "si" : "s"),
            ])]
        case .and(let parts):
            guard !parts.isEmpty else { return [:] }
            return ["$and": .array(parts.map { .document(filter($0)) })]
        case .or(let parts):
            guard !parts.isEmpty else { return nothing }
            return ["$or": .array(parts.map { .document(filter($0)) })]
        case .not(let inner):
            return ["$nor": .array([.document(filter(inner))])]
        }
    }

    /// `^…$` with `%` → `.*`, `_` → `.`, `\x` → literal x, and regex metacharacters escaped.
    static func regex(fromLike pattern: String) -> String {
        var out = "^"
        var escaping = false
        for c in pattern {
            if escaping {
                out += escaped(c)
                escaping = false
                continue
            }
            switch c {
            case "\\": escaping = true
            case "%": out += ".*"
            case "_": out += "."
            default: out += escaped(c)
            }
        }
        if escaping { out += "\\\\" }
        return out + "$"
    }

    private static func escaped(_ c: Character) -> String {
        "\\^$.|?*+()[]{}/-".contains(c) ? "\\\(c)" : String(c)
    }

    static func sort(_ keys: [SortKey]) -> Document? {
        guard !keys.isEmpty else { return nil }
        return Document(keys.map { Document.Field(storedName($0.field), .int($0.direction == .ascending ? 1 : -1)) })
    }
}
