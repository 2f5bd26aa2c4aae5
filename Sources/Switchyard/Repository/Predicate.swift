/// A backend-neutral filter on entity fields.
///
/// Predicates are data: each backend translates them (SQL with bound values,
/// a MongoDB filter document), so one predicate selects the same entities
/// everywhere. Build them with ``Field``:
///
/// ```swift
/// let adults = Field("age") >= 18 && Field("name").like("A%")
/// ```
///
/// Semantics every backend follows:
/// - comparisons (`==`, `<`, `in`, `like`) never match a null or missing field;
///   `== nil` matches exactly those;
/// - `!=` and ``not(_:)`` match where the inner condition is not true, nulls
///   included (as MongoDB's `$ne` and `$nor` do);
/// - `like` uses `%` (any run) and `_` (one character), is case-sensitive unless
///   asked otherwise, and `\` escapes them.
public indirect enum Predicate: Sendable, Hashable {
    /// Matches everything.
    case all
    case compare(field: String, ComparisonOperator, Value)
    case isNull(field: String)
    case isIn(field: String, [Value])
    case like(field: String, pattern: String, caseInsensitive: Bool)
    case and([Predicate])
    case or([Predicate])
    case not(Predicate)

    public static func && (a: Predicate, b: Predicate) -> Predicate {
        switch (a, b) {
        case (.all, _): b
        case (_, .all): a
        case (.and(let x), .and(let y)): .and(x + y)
        case (.and(let x), _): .and(x + [b])
        default: .and([a, b])
        }
    }

    public static func || (a: Predicate, b: Predicate) -> Predicate {
        if case .or(let x) = a { return .or(x + [b]) }
        return .or([a, b])
    }

    public static prefix func ! (p: Predicate) -> Predicate { .not(p) }
}

/// How a field compares to a value.
public enum ComparisonOperator: String, Sendable, Hashable {
    case equal = "="
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// Names an entity field when building a ``Predicate`` or ``SortKey``.
public struct Field: Sendable, Hashable {
    public let name: String
    public init(_ name: String) { self.name = name }

    public static func == (f: Field, v: some ValueConvertible) -> Predicate {
        let value = v.value
        return value.isNull ? .isNull(field: f.name) : .compare(field: f.name, .equal, value)
    }
    public static func != (f: Field, v: some ValueConvertible) -> Predicate {
        let value = v.value
        return value.isNull ? .not(.isNull(field: f.name)) : .compare(field: f.name, .notEqual, value)
    }
    public static func < (f: Field, v: some ValueConvertible) -> Predicate { .compare(field: f.name, .less, v.value) }
    public static func <= (f: Field, v: some ValueConvertible) -> Predicate { .compare(field: f.name, .lessOrEqual, v.value) }
    public static func > (f: Field, v: some ValueConvertible) -> Predicate { .compare(field: f.name, .greater, v.value) }
    public static func >= (f: Field, v: some ValueConvertible) -> Predicate { .compare(field: f.name, .greaterOrEqual, v.value) }

    /// The field's value is one of `values`; an empty list matches nothing.
    public func isIn(_ values: [some ValueConvertible]) -> Predicate { .isIn(field: name, values.map(\.value)) }
    /// The field matches a `%`/`_` pattern.
    public func like(_ pattern: String, caseInsensitive: Bool = false) -> Predicate {
        .like(field: name, pattern: pattern, caseInsensitive: caseInsensitive)
    }
    public var isNull: Predicate { .isNull(field: name) }
    public var isNotNull: Predicate { .not(.isNull(field: name)) }

    public var ascending: SortKey { SortKey(name, .ascending) }
    public var descending: SortKey { SortKey(name, .descending) }
}

/// One key of a sort order. Nulls sort first in ascending order, last in descending,
/// on every backend.
public struct SortKey: Sendable, Hashable {
    public enum Direction: Sendable, Hashable { case ascending, descending }
    public var field: String
    public var direction: Direction
    public init(_ field: String, _ direction: Direction = .ascending) {
        self.field = field
        self.direction = direction
    }
}

/// Which slice of a sorted result to return.
public struct Page: Sendable, Hashable {
    public var limit: Int?
    public var offset: Int
    public init(limit: Int? = nil, offset: Int = 0) {
        self.limit = limit
        self.offset = offset
    }
    public static let all = Page()
}
