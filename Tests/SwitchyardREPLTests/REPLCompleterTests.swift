import Foundation
import Testing
import Switchyard
import SwitchyardREPL

@Suite struct REPLCompleterTests {
    /// Customers, a view of their notes, and orders: the catalog completion tests read.
    static let shop = CompletionCatalog(objects: [
        CatalogObject(name: "customers", kind: .table, columns: [
            CatalogColumn(name: "id", type: "INTEGER", isNullable: false, isPrimaryKey: true),
            CatalogColumn(name: "name", type: "TEXT", isNullable: false, isPrimaryKey: false),
            CatalogColumn(name: "country", type: "TEXT", isNullable: true, isPrimaryKey: false),
        ]),
        CatalogObject(name: "customer_notes", kind: .view, columns: [
            CatalogColumn(name: "note", type: "TEXT", isNullable: true, isPrimaryKey: false),
        ]),
        CatalogObject(name: "orders", kind: .table, columns: [
            CatalogColumn(name: "id", type: "INTEGER", isNullable: false, isPrimaryKey: true),
            CatalogColumn(name: "customer_id", type: "INTEGER", isNullable: false, isPrimaryKey: false),
            CatalogColumn(name: "total", type: "DECIMAL", isNullable: false, isPrimaryKey: false),
        ]),
    ])
    let completer = REPLCompleter(catalog: Self.shop, backendNames: { ["local", "archive", "analytics"] })

    private func complete(_ line: String, cursor: Int? = nil, previous: [String] = []) -> CompletionResult {
        completer.complete(CompletionRequest(line: line, cursor: cursor ?? line.count, previousLines: previous))
    }

    @Test func completesBackslashCommands() {
        #expect(complete("\\tim") == CompletionResult(replaceFrom: 0, candidates: ["\\timeout", "\\timing"]))
        #expect(complete("\\timi") == CompletionResult(replaceFrom: 0, candidates: ["\\timing"]))
        #expect(complete("\\d").candidates == ["\\d", "\\dn", "\\dt"])
    }

    @Test func completesBackendNamesAfterAt() {
        #expect(complete("@a") == CompletionResult(replaceFrom: 0, candidates: ["@analytics", "@archive"]))
    }

    @Test func completesBackendNamesAfterUse() {
        #expect(complete("\\use ar") == CompletionResult(replaceFrom: 5, candidates: ["archive"]))
    }

    @Test func completesTableNamesAfterFrom() {
        #expect(complete("SELECT * FROM cu") == CompletionResult(replaceFrom: 14, candidates: ["customer_notes", "customers"]))
    }

    @Test func completesTableNamesForDescribe() {
        #expect(complete("\\d or").candidates == ["orders"])
    }

    @Test func completesKeywordsInTheCaseTyped() {
        #expect(complete("sel").candidates == ["select"])
        #expect(complete("SEL").candidates == ["SELECT"])
    }

    @Test func completesColumnsOfTheTablesNamed() {
        let result = complete("SELECT to", previous: [])
        #expect(result.candidates.contains("total"))
        let named = complete("SELECT c FROM orders", cursor: 8)
        #expect(named.candidates.contains("customer_id"))
        #expect(!named.candidates.contains("country"))  // customers is not in the statement
    }

    @Test func fallsBackToAllColumnsWhenNoTableIsNamed() {
        #expect(complete("SELECT coun").candidates.contains("country"))
    }

    @Test func completesQualifiedColumnsThroughAliases() {
        let result = complete("SELECT o.t", previous: []).candidates
        #expect(result.isEmpty)  // no alias o yet
        let line = "SELECT o.to FROM orders o"
        #expect(complete(line, cursor: 11).candidates == ["o.total"])
        #expect(complete("SELECT customers.na").candidates == ["customers.name"])
    }

    @Test func usesEarlierLinesOfTheStatement() {
        let result = complete("WHERE cust", previous: ["SELECT *", "FROM orders"])
        #expect(result.candidates.contains("customer_id"))
    }

    @Test func completesInTheMiddleOfALine() {
        let result = complete("SELECT * FROM ord WHERE", cursor: 17)
        #expect(result == CompletionResult(replaceFrom: 14, candidates: ["orders"]))
    }

    @Test func completesFormats() {
        #expect(complete("\\format m").candidates == ["markdown"])
    }
}

@Suite struct REPLCompleterFileNameTests {
    @Test func completesFileNamesForInclude() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("completion-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/scripts", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data().write(to: URL(fileURLWithPath: directory + "/setup.sql"))
        let completer = REPLCompleter(catalog: CompletionCatalog(), backendNames: { [] })
        let line = "\\i \(directory)/s"
        let result = completer.complete(CompletionRequest(line: line, cursor: line.count))
        #expect(result.replaceFrom == 3)
        #expect(result.candidates == ["\(directory)/scripts/", "\(directory)/setup.sql"])
    }
}
