/// What a statement did, known once it has run to completion.
public struct ExecutionSummary: Sendable, Hashable {
    /// Rows inserted, updated or deleted; `nil` for statements that do not change rows.
    public var rowsAffected: Int?
    /// Rows returned to the caller.
    public var rowsReturned: Int
    /// Set when a row limit cut the result short: the limit that was applied.
    public var truncatedAt: Int?
    /// The fields most statements leave empty, kept apart (`nil` while they are): a summary is
    /// copied into every batch, its stream and its result, and with a `Value` and an array
    /// inline each copy and each construction went through their value witnesses
    /// (≈ 450 instructions of a PostgreSQL lookup in a session).
    @usableFromInline var rare: Rare?

    /// The identifier the backend assigned to the last inserted row, where it has one.
    public var lastInsertedID: Value? {
        get { rare?.lastInsertedID }
        set { rare = Rare.make(lastInsertedID: newValue, warnings: warnings) }
    }

    /// What went wrong without failing the result, such as a fan-out leg that broke off
    /// mid-stream under the partial-result policy. Complete once the rows are read.
    public var warnings: [String] {
        get { rare?.warnings ?? [] }
        set { rare = Rare.make(lastInsertedID: lastInsertedID, warnings: newValue) }
    }

    /// Creates a summary; adapters fill in what their statement reports.
    @inlinable
    public init(rowsAffected: Int? = nil, lastInsertedID: Value? = nil, rowsReturned: Int = 0, truncatedAt: Int? = nil) {
        self.rowsAffected = rowsAffected
        self.rowsReturned = rowsReturned
        self.truncatedAt = truncatedAt
        // `make` decides this too; asked here first, the usual summary makes no call (an
        // inlinable `make` measured ≈ 100 instructions more per statement).
        self.rare = lastInsertedID == nil ? nil : Rare.make(lastInsertedID: lastInsertedID, warnings: [])
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.rowsAffected == rhs.rowsAffected && lhs.rowsReturned == rhs.rowsReturned && lhs.truncatedAt == rhs.truncatedAt
            && lhs.lastInsertedID == rhs.lastInsertedID && lhs.warnings == rhs.warnings
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rowsAffected)
        hasher.combine(rowsReturned)
        hasher.combine(truncatedAt)
        hasher.combine(lastInsertedID)
        hasher.combine(warnings)
    }

    /// Immutable, so copies of a summary share it; setting a field makes a new one.
    @usableFromInline final class Rare: Sendable {
        let lastInsertedID: Value?
        let warnings: [String]

        private init(lastInsertedID: Value?, warnings: [String]) {
            self.lastInsertedID = lastInsertedID
            self.warnings = warnings
        }

        /// `nil` when both are empty, so that an empty summary carries no object.
        @usableFromInline static func make(lastInsertedID: Value?, warnings: [String]) -> Rare? {
            lastInsertedID == nil && warnings.isEmpty ? nil : Rare(lastInsertedID: lastInsertedID, warnings: warnings)
        }
    }
}
