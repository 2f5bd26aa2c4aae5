import Switchyard

/// The `.mongo` language described for tools: mongosh statements are complete when
/// their brackets and quotes close, results print as relaxed Extended JSON, and
/// completion offers the shell's methods.
public struct MongoLanguageSupport: QueryLanguageSupport {
    /// Creates the description; it holds no state.
    public init() {}

    public var language: QueryLanguage { .mongo }

    public func isComplete(_ text: String) -> Bool { MongoShellInput.isComplete(text) }

    public func classify(_ text: String) -> StatementKind { MongoStatementClassifier.classify(text) }

    /// The operation a statement performs (`find`, `insert`, `aggregate`…; see `MongoCommand.operationName`),
    /// for the operation allow-list; nothing when the text does not parse.
    public func operations(_ text: String) -> [String] {
        guard let parsed = try? MongoShellParser.parse(text) else { return [] }
        return [parsed.command.operationName]
    }

    /// `db`, `show`, `use`, `collections`, `dbs`, and the shell's database, collection and cursor methods.
    public var completionWords: [String] {
        ["db", "show", "use", "collections", "dbs"] + MongoShellInput.databaseMethods + MongoShellInput.collectionMethods
            + MongoShellInput.cursorMethods
    }

    public func jsonText(_ value: Value) -> String { JSON.serialize(MongoExtendedJSON.relaxed(value)) }
}
