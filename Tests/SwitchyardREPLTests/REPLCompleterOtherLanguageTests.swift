import Testing
import Switchyard
import SwitchyardREPL

/// Completion on a backend whose language is not SQL, described the way the MongoDB
/// adapter describes mongosh (the REPL library knows no adapter).
@Suite struct REPLCompleterOtherLanguageTests {
    private struct ShellLanguage: QueryLanguageSupport {
        var language: QueryLanguage { .mongo }
        func isComplete(_ text: String) -> Bool { true }
        func classify(_ text: String) -> StatementKind { .read }
        var completionWords: [String] { ["db", "find", "insertOne", "sort"] }
    }

    let completer = REPLCompleter(
        catalog: CompletionCatalog(objects: [
            CatalogObject(name: "items", kind: .collection, columns: [
                CatalogColumn(name: "_id", type: "objectId", isNullable: false, isPrimaryKey: true),
                CatalogColumn(name: "price", type: "double", isNullable: true, isPrimaryKey: false),
            ]),
            CatalogObject(name: "people", kind: .collection, columns: [
                CatalogColumn(name: "age", type: "int", isNullable: true, isPrimaryKey: false),
            ]),
        ]),
        backendNames: { ["docs"] }, language: { ShellLanguage() })

    private func candidates(_ line: String) -> [String] {
        completer.complete(CompletionRequest(line: line, cursor: line.count, previousLines: [])).candidates
    }

    @Test func offersCollectionsAfterDb() {
        #expect(candidates("db.it") == ["db.items"])
    }

    @Test func offersTheLanguagesMethodsAfterACollection() {
        #expect(candidates("db.items.in") == ["db.items.insertOne"])
    }

    @Test func offersTheFieldsOfTheCollectionTheStatementNames() {
        #expect(candidates("db.items.find({pr") == ["price"])
        #expect(candidates("db.items.find({a") == [])
    }

    @Test func offersNoSQLKeywords() {
        #expect(candidates("SEL") == [])
    }
}

/// Schema-qualified names, as PostgreSQL's catalog gives them.
@Suite struct REPLCompleterSchemaTests {
    let completer = REPLCompleter(
        catalog: CompletionCatalog(objects: [
            CatalogObject(schema: "sales", name: "invoices", kind: .table, columns: [
                CatalogColumn(name: "amount", type: "numeric", isNullable: false, isPrimaryKey: false),
            ]),
            CatalogObject(schema: "public", name: "people", kind: .table, columns: []),
        ]),
        backendNames: { ["pg"] })

    @Test func aSchemaNameFollowedByADotOffersItsTables() {
        let line = "SELECT * FROM sales.in"
        let result = completer.complete(CompletionRequest(line: line, cursor: line.count, previousLines: []))
        #expect(result.candidates == ["sales.invoices"])
    }

    @Test func schemaNamesAreOfferedWhereTablesAre() {
        let line = "SELECT * FROM sa"
        let result = completer.complete(CompletionRequest(line: line, cursor: line.count, previousLines: []))
        #expect(result.candidates == ["sales"])
    }
}
