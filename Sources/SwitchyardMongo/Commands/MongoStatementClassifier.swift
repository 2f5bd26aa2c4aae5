import Switchyard

/// Classifies `.mongo` statements for ``ReadOnlyGuard``: `find`, `aggregate` without
/// `$out`/`$merge`, counts, `distinct`, listings and read-only `runCommand`s are reads;
/// inserts, updates, deletes are writes; index and collection changes are schema.
/// Text that does not parse is `.unknown` (the backend reports the syntax error).
///
/// ```swift
/// ReadOnlyGuard(classifiers: [.mongo: MongoStatementClassifier.classify])
/// ```
public enum MongoStatementClassifier {
    /// The kind of the statement in `text`; `.unknown` when it does not parse. Parses are cached by text.
    @Sendable
    public static func classify(_ text: String) -> StatementKind {
        guard let parsed = try? MongoStatementCache.shared.parse(text) else { return .unknown }
        return parsed.command.kind
    }
}
