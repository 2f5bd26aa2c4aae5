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
        get { rare?.fields.lastInsertedID }
        set { changeRare { $0.lastInsertedID = newValue } }
    }

    /// What went wrong without failing the result, such as a fan-out leg that broke off
    /// mid-stream under the partial-result policy. Complete once the rows are read.
    public var warnings: [String] {
        get { rare?.fields.warnings ?? [] }
        set { changeRare { $0.warnings = newValue } }
    }

    /// What the server said beside the result without failing it, oldest first, each as
    /// `SEVERITY: message` (PostgreSQL's `NOTICE: table "t" does not exist, skipping`,
    /// `WARNING: there is no transaction in progress`, a function's `RAISE NOTICE`).
    /// Complete once the rows are read; empty for backends whose servers send none.
    public var notices: [String] {
        get { rare?.fields.notices ?? [] }
        set { changeRare { $0.notices = newValue } }
    }

    /// The server's own name for what a statement that wrote no rows did, where it
    /// reports one: PostgreSQL's command tag (`CREATE TABLE`, `SET`, and `ROLLBACK` for a
    /// `COMMIT` of a failed transaction). `nil` for statements that report rows (see
    /// ``rowsAffected``) and for backends that report no such name.
    public var commandTag: String? {
        get { rare?.fields.commandTag }
        set { changeRare { $0.commandTag = newValue } }
    }

    /// For a statement without rows sent to several backends (a write fanned out): each
    /// leg's own summary, in the order the legs were read, so that it can say what it did
    /// on each. Empty for a result from one backend, and for merged rows (whose legs'
    /// counts are summed, and whose notices and warnings carry the leg's name).
    public var legs: [Leg] {
        get { rare?.fields.legs ?? [] }
        set { changeRare { $0.legs = newValue } }
    }

    /// One leg of a fan-out: where its rows came from and what its statement did there.
    public struct Leg: Sendable, Hashable {
        /// The backend the leg ran on.
        public var source: String
        /// The leg's own summary.
        public var summary: ExecutionSummary

        /// Creates a leg's entry.
        public init(source: String, summary: ExecutionSummary) {
            self.source = source
            self.summary = summary
        }
    }

    /// Sets one of the rare fields, keeping ``rare`` `nil` while all are empty.
    private mutating func changeRare(_ change: (inout Rare.Fields) -> Void) {
        var fields = rare?.fields ?? Rare.Fields()
        change(&fields)
        rare = Rare.make(fields)
    }

    /// Creates a summary; adapters fill in what their statement reports.
    @inlinable
    public init(rowsAffected: Int? = nil, lastInsertedID: Value? = nil, rowsReturned: Int = 0, truncatedAt: Int? = nil) {
        self.rowsAffected = rowsAffected
        self.rowsReturned = rowsReturned
        self.truncatedAt = truncatedAt
        // `make` decides this too; asked here first, the usual summary makes no call (an
        // inlinable `make` measured ≈ 100 instructions more per statement).
        self.rare = lastInsertedID == nil ? nil : Rare.make(lastInsertedID: lastInsertedID)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.rowsAffected == rhs.rowsAffected && lhs.rowsReturned == rhs.rowsReturned && lhs.truncatedAt == rhs.truncatedAt
            && lhs.rare?.fields == rhs.rare?.fields
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rowsAffected)
        hasher.combine(rowsReturned)
        hasher.combine(truncatedAt)
        hasher.combine(rare?.fields)
    }

    /// Immutable, so copies of a summary share it; setting a field makes a new one.
    @usableFromInline final class Rare: Sendable {
        struct Fields: Sendable, Hashable {
            var lastInsertedID: Value?
            var warnings: [String] = []
            var notices: [String] = []
            var commandTag: String?
            var legs: [Leg] = []

            var isEmpty: Bool {
                lastInsertedID == nil && warnings.isEmpty && notices.isEmpty && commandTag == nil && legs.isEmpty
            }
        }

        let fields: Fields

        private init(_ fields: Fields) { self.fields = fields }

        /// `nil` when every field is empty, so that an empty summary carries no object.
        static func make(_ fields: Fields) -> Rare? {
            fields.isEmpty ? nil : Rare(fields)
        }

        /// For the inlinable initializer, which cannot name ``Fields``.
        @usableFromInline static func make(lastInsertedID: Value?) -> Rare? {
            make(Fields(lastInsertedID: lastInsertedID))
        }
    }
}
