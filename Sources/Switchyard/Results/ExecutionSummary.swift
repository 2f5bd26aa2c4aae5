/// What a statement did, known once it has run to completion.
public struct ExecutionSummary: Sendable, Hashable {
    /// Rows inserted, updated or deleted; `nil` for statements that do not change rows.
    public var rowsAffected: Int?
    /// The identifier the backend assigned to the last inserted row, where it has one.
    public var lastInsertedID: Value?
    /// Rows returned to the caller.
    public var rowsReturned: Int
    /// Set when a row limit cut the result short: the limit that was applied.
    public var truncatedAt: Int?
    /// What went wrong without failing the result, such as a fan-out leg that broke off
    /// mid-stream under the partial-result policy. Complete once the rows are read.
    public var warnings: [String] = []

    public init(rowsAffected: Int? = nil, lastInsertedID: Value? = nil, rowsReturned: Int = 0, truncatedAt: Int? = nil) {
        self.rowsAffected = rowsAffected
        self.lastInsertedID = lastInsertedID
        self.rowsReturned = rowsReturned
        self.truncatedAt = truncatedAt
    }
}
