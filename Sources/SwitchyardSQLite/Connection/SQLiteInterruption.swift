/// Why a running statement was stopped early.
enum SQLiteInterruption: Sendable, Hashable {
    /// The caller cancelled its task or the result.
    case cancelled
    /// The statement outlived ``Switchyard/QueryOptions/timeout``.
    case timeout(Duration)
}
