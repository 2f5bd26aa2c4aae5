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

    public init(rowsAffected: Int? = nil, lastInsertedID: Value? = nil, rowsReturned: Int = 0, truncatedAt: Int? = nil) {
        self.rowsAffected = rowsAffected
        self.lastInsertedID = lastInsertedID
        self.rowsReturned = rowsReturned
        self.truncatedAt = truncatedAt
    }
}
