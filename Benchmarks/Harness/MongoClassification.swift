import Switchyard
import SwitchyardMongo

/// The read-only guard's classifier for `.mongo` statements, as the REPL wires it.
enum MongoClassification {
    static let classify: @Sendable (String) -> StatementKind = { MongoStatementClassifier.classify($0) }
}
