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
        // Each name's positions in the union, one per occurrence.
        var slots: [String: [Int]] = [:]
        union = []
        for leg in legs {
            Self.forEachOccurrence(of: leg) { column, _, occurrence in
                if let slot = slots[column.name].flatMap({ occurrence < $0.count ? $0[occurrence] : nil }) {
                    if union[slot].declaredType != column.declaredType { union[slot].declaredType = nil }
                } else {
                    slots[column.name, default: []].append(union.count)
                    union.append(column)
                }
            }
        }
        let width = union.count
        self.init(columns: Self.withSourceColumn(union), legs: legs.map { Self.map($0, slots: slots, width: width) })
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
        var slots: [String: [Int]] = [:]
        for (index, column) in columns.enumerated().dropFirst() { slots[column.name, default: []].append(index - 1) }
        return Self.map(rowColumns, slots: slots, width: columns.count - 1)
    }

    /// `leg`'s map, given each merged name's positions after the source column.
    private static func map(_ leg: Columns, slots: [String: [Int]], width: Int) -> LegMap {
        var positions = [Int](repeating: -1, count: width)
        forEachOccurrence(of: leg) { column, index, occurrence in
            if let slot = slots[column.name].flatMap({ occurrence < $0.count ? $0[occurrence] : nil }) { positions[slot] = index }
        }
        let isIdentity = leg.count == width && positions.enumerated().allSatisfy { $0.offset == $0.element }
        return LegMap(columns: leg, positions: isIdentity ? [] : positions)
    }

    /// Calls `body` with each column, its index, and how many columns before it have its name.
    private static func forEachOccurrence(of columns: Columns, _ body: (Column, Int, Int) -> Void) {
        var seen: [String: Int] = [:]
        for (index, column) in columns.enumerated() {
            let occurrence = seen[column.name, default: 0]
            seen[column.name] = occurrence + 1
            body(column, index, occurrence)
        }
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
