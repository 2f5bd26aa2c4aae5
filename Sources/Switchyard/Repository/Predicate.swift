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
    /// The field compared with a value; never matches a null or missing field, except that
    /// `.notEqual` matches where `.equal` does not (nulls included). Compared with
    /// ``Value/null``, `.equal` matches exactly the null or missing fields (as ``isNull(field:)``)
    /// and `.notEqual` the others — an adapter's ``EntityStore`` must treat both so.
    case compare(field: String, ComparisonOperator, Value)
    /// The field is null or missing.
    case isNull(field: String)
    /// The field equals one of the values; never matches a null field, nor through a null
    /// in the list. An empty list matches nothing.
    case isIn(field: String, [Value])
    /// The field's text matches `pattern` (`%` any run, `_` one character, `\` escapes); never
    /// matches a null field.
    case like(field: String, pattern: String, caseInsensitive: Bool)
    /// Every part matches; an empty list matches everything.
    case and([Predicate])
    /// Some part matches; an empty list matches nothing.
    case or([Predicate])
    /// The inner predicate does not match — nulls included, as MongoDB's `$nor` does.
    case not(Predicate)

    /// Both conditions; `.all` on either side drops out and nested `and`s are flattened.
    public static func && (a: Predicate, b: Predicate) -> Predicate {
        switch (a, b) {
        case (.all, _): b
        case (_, .all): a
        case (.and(let x), .and(let y)): .and(x + y)
        case (.and(let x), _): .and(x + [b])
        default: .and([a, b])
        }
    }

    /// Either condition; a left-hand `or` is extended rather than nested.
    public static func || (a: Predicate, b: Predicate) -> Predicate {
        if case .or(let x) = a { return .or(x + [b]) }
        return .or([a, b])
    }

    /// The condition does not hold (nulls included: see the semantics above).
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
    /// The field's name as the entity's coding key spells it (the column or document field).
    public let name: String
    /// Names the field `name`, as the entity's coding key spells it.
    public init(_ name: String) { self.name = name }

    /// The field equals `v`; comparing with `nil` (``Value/null``) matches null or missing fields.
    public static func == (f: Field, v: some ValueConvertible) -> Predicate {
        let value = v.value
        return value.isNull ? .isNull(field: f.name) : .compare(field: f.name, .equal, value)
    }
    /// The field differs from `v`, nulls included; comparing with `nil` matches fields that hold a value.
    public static func != (f: Field, v: some ValueConvertible) -> Predicate {
        let value = v.value
        return value.isNull ? .not(.isNull(field: f.name)) : .compare(field: f.name, .notEqual, value)
    }
    /// The field is null or missing: `Field("x") == nil` is ``isNull``.
    ///
    /// A bare `nil` has no type a generic value could take; this overload gives it one
    /// (`_OptionalNilComparisonType`, as the standard library's `optional == nil` does).
    public static func == (f: Field, _: _OptionalNilComparisonType) -> Predicate { f.isNull }
    /// The field holds a value (not null, not missing): `Field("x") != nil` is ``isNotNull``.
    public static func != (f: Field, _: _OptionalNilComparisonType) -> Predicate { f.isNotNull }
    /// The field is less than `v`; never matches a null or missing field.
    public static func < (f: Field, v: some ValueConvertible) -> Predicate { .compare(field: f.name, .less, v.value) }
    /// The field is less than or equal to `v`; never matches a null or missing field.
    public static func <= (f: Field, v: some ValueConvertible) -> Predicate { .compare(field: f.name, .lessOrEqual, v.value) }
    /// The field is greater than `v`; never matches a null or missing field.
    public static func > (f: Field, v: some ValueConvertible) -> Predicate { .compare(field: f.name, .greater, v.value) }
    /// The field is greater than or equal to `v`; never matches a null or missing field.
    public static func >= (f: Field, v: some ValueConvertible) -> Predicate { .compare(field: f.name, .greaterOrEqual, v.value) }

    /// The field's value is one of `values`; an empty list matches nothing.
    public func isIn(_ values: [some ValueConvertible]) -> Predicate { .isIn(field: name, values.map(\.value)) }
    /// The field matches a `%`/`_` pattern.
    public func like(_ pattern: String, caseInsensitive: Bool = false) -> Predicate {
        .like(field: name, pattern: pattern, caseInsensitive: caseInsensitive)
    }
    /// The field is null or missing.
    public var isNull: Predicate { .isNull(field: name) }
    /// The field holds a value (not null, not missing).
    public var isNotNull: Predicate { .not(.isNull(field: name)) }

    /// Sorts by the field, smallest first (nulls first).
    public var ascending: SortKey { SortKey(name, .ascending) }
    /// Sorts by the field, largest first (nulls last).
    public var descending: SortKey { SortKey(name, .descending) }
}

/// One key of a sort order. Nulls sort first in ascending order, last in descending,
/// on every backend.
public struct SortKey: Sendable, Hashable {
    /// Which way the field sorts.
    public enum Direction: Sendable, Hashable { case ascending, descending }
    /// The field's name, as the entity's coding key spells it.
    public var field: String
    /// Whether it sorts ascending or descending.
    public var direction: Direction
    /// Sorts by `field`, ascending unless `direction` says otherwise.
    public init(_ field: String, _ direction: Direction = .ascending) {
        self.field = field
        self.direction = direction
    }
}

/// Which slice of a sorted result to return.
///
/// Neither number may be negative: ``BackendRepository`` throws `.invalidInput` for such a
/// page (``validate()``) rather than guessing what it meant.
public struct Page: Sendable, Hashable {
    /// The most entities to return (0 or more), or `nil` for no limit.
    public var limit: Int?
    /// How many sorted matches to skip before the first returned (0 or more).
    public var offset: Int
    /// Creates a page; by default everything from the first match.
    public init(limit: Int? = nil, offset: Int = 0) {
        self.limit = limit
        self.offset = offset
    }
    /// Every match: no limit, no offset.
    public static let all = Page()

    /// Throws `.invalidInput` when the limit or the offset is negative; for entity stores
    /// and repositories that take a page from their caller.
    public func validate() throws {
        if let limit, limit < 0 {
            throw SwitchyardError(.invalidInput, "a page's limit cannot be negative (it is \(limit)); use 0 for no entities, nil for all")
        }
        if offset < 0 {
            throw SwitchyardError(.invalidInput, "a page's offset cannot be negative (it is \(offset))")
        }
    }
}
