/// What a backend can do, declared in one place (in the spirit of SQLKit's `SQLDialect`).
///
/// Routers, processors, repositories and the REPL ask the capabilities rather than
/// the backend's name, so a new adapter gets the right behaviour by describing itself.
public struct BackendCapabilities: Sendable {
    /// The individual abilities a backend declares, combined as an option set.
    public struct Features: OptionSet, Sendable, Hashable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// Statements can run in a transaction that commits or rolls back as one.
        public static let transactions = Features(rawValue: 1 << 0)
        /// Nested rollback points inside a transaction (`SAVEPOINT`).
        public static let savepoints = Features(rawValue: 1 << 1)
        /// Rows are streamed from the server rather than buffered.
        public static let streaming = Features(rawValue: 1 << 2)
        /// `INSERT … RETURNING`.
        public static let returning = Features(rawValue: 1 << 3)
        /// Insert-or-update in one statement.
        public static let upsert = Features(rawValue: 1 << 4)
        /// Several readers run alongside a writer.
        public static let concurrentReads = Features(rawValue: 1 << 5)
        /// The backend can refuse writes per statement (beyond text classification).
        public static let readOnlyEnforcement = Features(rawValue: 1 << 6)
        /// A running statement can be cancelled.
        public static let cancellation = Features(rawValue: 1 << 7)
        /// ``QueryOptions/deadline`` is honoured: `query` and the rows it returns end with a
        /// `.timeout` error once it passes — waiting for a connection, running the statement
        /// and reading rows alike. Without it the pipeline watches a request's deadline itself,
        /// in a child task it can cancel (which costs a task per request that has a deadline).
        public static let deadlines = Features(rawValue: 1 << 8)
        /// Outside a transaction, the connection a statement ran on is reset before another
        /// statement uses it: a session setting (`SET search_path …`) lasts for that statement
        /// only (PostgreSQL's pool runs `DISCARD ALL`). The REPL says so when one is typed.
        public static let sessionResetOutsideTransactions = Features(rawValue: 1 << 9)
    }

    /// The abilities this backend declares; test one with ``supports(_:)``.
    public var features: Features
    /// Languages its `query` accepts.
    public var languages: Set<QueryLanguage>
    /// How to write SQL for it; `nil` when it does not speak SQL.
    public var sqlDialect: SQLDialect?

    /// Creates a description; `sqlDialect` is needed only by a backend that speaks SQL and wants the shared
    /// SQL repository support.
    public init(features: Features, languages: Set<QueryLanguage>, sqlDialect: SQLDialect? = nil) {
        self.features = features
        self.languages = languages
        self.sqlDialect = sqlDialect
    }

    /// Whether every ability in `feature` is declared in ``features``.
    public func supports(_ feature: Features) -> Bool { features.contains(feature) }
}
