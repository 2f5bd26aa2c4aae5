/// The columns of a fan-out's merged rows, and where each leg's values go under them.
///
/// The merged columns are a first column naming each row's source, then the legs' columns
/// matched by name: the union in first-seen order, so a leg that orders its columns
/// differently, or lacks or adds one, still puts each value under its own name (NULL where
/// a leg has no such column). A name a leg repeats (`SELECT 1 AS a, 2 AS a`) is matched by
/// occurrence: a leg's second `a` goes under the second `a`. A column keeps its declared type
/// when every leg that has it declares the same one, and has none when they differ; the
/// values keep their own types.
///
/// The source column is called `backend`, or `backend_1` (`backend_2`, …) when a leg has a
/// column called `backend` itself, so that neither hides the other.
///
/// Everything here is worked out once per leg, not per row: when every leg has the same
/// names in the same order (the usual fan-out of one statement) no lookup is made at all,
/// and a row's values are copied straight across.
struct MergedColumns: Sendable {
    /// Where one leg's values go under the merged columns.
    struct LegMap: Sendable {
        /// The leg columns this map was made for: a row with other columns needs its own map.
        let columns: Columns
        /// For each merged column after the source column, the position of the leg's value,
        /// -1 when the leg has none; empty when the leg's columns are the merged ones in order.
        let positions: [Int]
    }

    /// The source column, then the legs' columns (see the type's description).
    let columns: Columns
    /// For each leg, in the order given, where its values go.
    let legs: [LegMap]

    /// Lines up `legs`' columns under one set of merged columns.
    init(legs: [Columns]) {
        var union = legs.first?.columns ?? []
        if legs.allSatisfy({ $0 === legs[0] }) {
            self.init(union: union, identical: legs)
            return
        }
        if legs.allSatisfy({ Self.sameNames($0, legs[0]) }) {
            // One statement's columns as each backend declares them: only the types can differ.
            for leg in legs.dropFirst() {
                for (index, column) in leg.enumerated() where union[index].declaredType != column.declaredType {
                    union[index].declaredType = nil
                }
            }
            self.init(union: union, identical: legs)
            return
        }
        // The union, each leg's columns matched by name and occurrence. Linear scans, not
        // dictionaries: results have a handful of columns, and hashing each name (several
        // dictionaries a request) cost a three-backend fan-out ≈ 85,000 instructions.
        union = []
        for leg in legs {
            for (index, column) in leg.enumerated() {
                let occurrence = Self.occurrence(of: column.name, before: index, in: leg)
                if let slot = Self.slot(of: column.name, occurrence: occurrence, in: union[...]) {
                    if union[slot].declaredType != column.declaredType { union[slot].declaredType = nil }
                } else {
                    union.append(column)
                }
            }
        }
        self.init(columns: Self.withSourceColumn(union), legs: legs.map { Self.map($0, union: union[...]) })
    }

    /// Legs whose columns are all `union`'s names in order: their values go across as they are.
    private init(union: [Column], identical legs: [Columns]) {
        self.init(columns: Self.withSourceColumn(union), legs: legs.map { LegMap(columns: $0, positions: []) })
    }

    private init(columns: Columns, legs: [LegMap]) {
        self.columns = columns
        self.legs = legs
    }

    /// The map for a row of leg `leg` whose columns are `rowColumns`: the leg's own map when
    /// they are those it declared, else one made by name as a leg's is (a MongoDB batch whose
    /// documents have other fields); a name the merged columns lack is left out.
    func map(forLeg leg: Int, rowColumns: Columns) -> LegMap {
        let declared = legs[leg]
        if rowColumns === declared.columns { return declared }
        if Self.sameNames(rowColumns, declared.columns) { return LegMap(columns: rowColumns, positions: declared.positions) }
        return Self.map(rowColumns, union: columns.columns.dropFirst())
    }

    /// `leg`'s map onto the merged columns after the source column (`union`).
    private static func map(_ leg: Columns, union: ArraySlice<Column>) -> LegMap {
        var positions = [Int](repeating: -1, count: union.count)
        for (index, column) in leg.enumerated() {
            let occurrence = occurrence(of: column.name, before: index, in: leg)
            if let slot = slot(of: column.name, occurrence: occurrence, in: union) { positions[slot - union.startIndex] = index }
        }
        let isIdentity = leg.count == union.count && positions.enumerated().allSatisfy { $0.offset == $0.element }
        return LegMap(columns: leg, positions: isIdentity ? [] : positions)
    }

    /// How many of `columns` before `index` are called `name`: which occurrence of it the column at `index` is.
    private static func occurrence(of name: String, before index: Int, in columns: Columns) -> Int {
        var count = 0
        for position in 0..<index where columns[position].name == name { count += 1 }
        return count
    }

    /// The position in `union` of its `occurrence`-th column called `name`.
    private static func slot(of name: String, occurrence: Int, in union: ArraySlice<Column>) -> Int? {
        var seen = 0
        for position in union.indices where union[position].name == name {
            if seen == occurrence { return position }
            seen += 1
        }
        return nil
    }

    private static func sameNames(_ a: Columns, _ b: Columns) -> Bool {
        a === b || (a.count == b.count && zip(a, b).allSatisfy { $0.name == $1.name })
    }

    /// The name of the column naming each row's source.
    static let sourceName = "backend"

    /// `union` after a source column whose name none of its columns has.
    private static func withSourceColumn(_ union: [Column]) -> Columns {
        var name = sourceName
        var suffix = 0
        while union.contains(where: { $0.name == name }) {
            suffix += 1
            name = "\(sourceName)_\(suffix)"
        }
        return Columns([Column(name, declaredType: "text")] + union)
    }
}
