import Switchyard

/// Rows 1...count of the data set as values, made lazily: the bulk paths stream them
/// into the adapter the way an application feeding a load would.
struct ItemRows: Sequence, Sendable {
    var count: Int

    func makeIterator() -> AnyIterator<[Value]> {
        var next: Int64 = 1
        let last = Int64(count)
        return AnyIterator {
            guard next <= last else { return nil }
            defer { next += 1 }
            return Items.values(next)
        }
    }
}
