/// A total order over ``Value``s for merging rows from several backends: NULL first,
/// then numbers (int, double and decimal compared by value), text, temporal values,
/// and anything else by its printed form.
public enum ValueOrdering {
    /// Whether `a` sorts before `b`.
    public static func precedes(_ a: Value, _ b: Value) -> Bool { compare(a, b) < 0 }

    /// Negative, zero or positive as `a` sorts before, with or after `b`.
    public static func compare(_ a: Value, _ b: Value) -> Int {
        let (ra, rb) = (rank(a), rank(b))
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a, b) {
        case (.null, .null): return 0
        case (.int(let x), .int(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.text(let x), .text(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.date(let x), .date(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.time(let x), .time(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.timestamp(let x), .timestamp(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        default:
            if let x = number(a), let y = number(b) { return x < y ? -1 : (x == y ? 0 : 1) }
            let (x, y) = (a.description, b.description)
            return x < y ? -1 : (x == y ? 0 : 1)
        }
    }

    /// The value as a Double when it is a number.
    static func number(_ value: Value) -> Double? {
        switch value {
        case .int(let i): Double(i)
        case .double(let d): d
        case .decimal(let d): d.doubleValue
        default: nil
        }
    }

    private static func rank(_ value: Value) -> Int {
        switch value {
        case .null: 0
        case .bool: 1
        case .int, .double, .decimal: 2
        case .text: 3
        case .date: 4
        case .time: 5
        case .timestamp: 6
        default: 7
        }
    }
}
