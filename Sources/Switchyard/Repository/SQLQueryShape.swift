import Synchronization

/// What the text of a repository's `SELECT` depends on: the query without its values.
///
/// Two queries of one shape — `find(id: 7)` and `find(id: 8)` — differ only in what they bind,
/// so ``SQLEntityStore`` writes the text once and keeps it (``SQLEntityStore/TextCache``). A
/// value compared for equality counts as part of the shape when it is null (`IS NULL` binds
/// nothing), as does the length of an `IN` list. A predicate with `like` has no shape: a
/// dialect may write its SQL from the pattern.
struct SQLQueryShape: Hashable, Sendable {
    let storageName: String
    let predicate: Predicate
    let orderBy: [SortKey]
    let page: Page

    /// The query's shape; `nil` when its text may depend on a value.
    init?(_ query: EntityQuery) {
        guard let predicate = Self.erasingValues(query.predicate) else { return nil }
        storageName = query.storageName
        self.predicate = predicate
        orderBy = query.orderBy
        page = query.page
    }

    /// `predicate` with every bound value replaced by one stand-in (nulls kept, which `render`
    /// writes differently); `nil` for a `like`.
    private static func erasingValues(_ predicate: Predicate) -> Predicate? {
        switch predicate {
        case .all, .isNull:
            return predicate
        case .compare(let field, let op, let value):
            return .compare(field: field, op, value.isNull ? .null : .bool(true))
        case .isIn(let field, let values):
            return .isIn(field: field, Array(repeating: .bool(true), count: values.count))
        case .like:
            return nil
        case .and(let parts):
            return Self.erasing(parts).map(Predicate.and)
        case .or(let parts):
            return Self.erasing(parts).map(Predicate.or)
        case .not(let inner):
            return erasingValues(inner).map(Predicate.not)
        }
    }

    private static func erasing(_ parts: [Predicate]) -> [Predicate]? {
        var erased: [Predicate] = []
        erased.reserveCapacity(parts.count)
        for part in parts {
            guard let shape = erasingValues(part) else { return nil }
            erased.append(shape)
        }
        return erased
    }
}

extension SQLEntityStore {
    /// The `SELECT` texts a store has written, by `SQLQueryShape`: a repository's lookups
    /// by key, or any query repeated with other values, are written once.
    ///
    /// Writing a lookup's text (quoting, placeholders, string building) was more than a quarter
    /// of what a SQLite `find(id:)` cost over the query itself (`Benchmarks/README.md`, fix 73).
    /// An adapter keeps one per backend and passes it to each store it makes. It holds up to
    /// ``capacity`` texts and starts again empty when full.
    public final class TextCache: Sendable {
        /// Texts kept at most.
        public static let capacity = 256

        private let texts = Mutex<[SQLQueryShape: String]>([:])

        /// Creates an empty cache; one per backend, shared by its stores.
        public init() {}

        /// Texts kept now.
        public var count: Int { texts.withLock { $0.count } }

        func text(for shape: SQLQueryShape) -> String? {
            texts.withLock { $0[shape] }
        }

        func remember(_ text: String, for shape: SQLQueryShape) {
            texts.withLock { texts in
                if texts.count >= Self.capacity { texts.removeAll(keepingCapacity: true) }
                texts[shape] = text
            }
        }
    }
}
