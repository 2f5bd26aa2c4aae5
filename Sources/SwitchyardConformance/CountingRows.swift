import Switchyard

/// Reads `result` while its first column counts 1, 2, 3…, and returns how far the count
/// got: one past the last row when every row came once and in order (a result of 30,000
/// rows gives 30,001), otherwise the first number missing or out of place, where reading
/// stopped.
///
/// For an adapter's tests of a long result read in many batches — on the connection's
/// thread, on the reader's own, or both by turns — where a batch lost, repeated or read out
/// of order is the failure to catch:
///
/// ```swift
/// let result = try await backend.query("SELECT generate_series(1, 30000)")
/// #expect(try await countingRows(of: result) == 30_001)
/// ```
public func countingRows(of result: ResultSet) async throws -> Int64 {
    var expected: Int64 = 1
    for try await row in result {
        guard row.first == .int(expected) else { break }
        expected += 1
    }
    return expected
}
