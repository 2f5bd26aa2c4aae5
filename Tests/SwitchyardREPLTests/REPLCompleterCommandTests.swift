import Foundation
import Testing
import Switchyard
import SwitchyardREPL

/// Tab completion of `\copy`, `\watch`, `\e` and `\route` arguments.
@Suite struct REPLCompleterCommandTests {
    let completer = REPLCompleter(
        catalog: REPLCompleterTests.shop, backendNames: { ["local", "archive", "analytics"] }, currentBackend: { "local" })

    private func complete(_ line: String, cursor: Int? = nil) -> CompletionResult {
        completer.complete(CompletionRequest(line: line, cursor: cursor ?? line.count))
    }

    @Test func copyCompletesTheTargetBackend() {
        #expect(complete("\\copy @ar") == CompletionResult(replaceFrom: 6, candidates: ["@archive"]))
        #expect(complete("\\copy @").candidates == ["@analytics", "@archive", "@local"])
    }

    @Test func copyCompletesTablesOfTheCurrentBackendOnly() {
        #expect(complete("\\copy cu") == CompletionResult(replaceFrom: 6, candidates: ["customer_notes", "customers"]))
        #expect(complete("\\copy @local or").candidates == ["orders"])
        // The snapshot is the current backend's: another backend's tables are not guessed.
        #expect(complete("\\copy @archive or").candidates.isEmpty)
    }

    @Test func copyCompletesTheTargetTablesColumnsInItsList() {
        #expect(complete("\\copy customers (na") == CompletionResult(replaceFrom: 17, candidates: ["name"]))
        #expect(complete("\\copy customers (id, co").candidates == ["country"])
    }

    @Test func copyCompletesFromInTheCaseTyped() {
        #expect(complete("\\copy customers f") == CompletionResult(replaceFrom: 16, candidates: ["from"]))
        #expect(complete("\\copy customers (id, name) FR").candidates == ["FROM"])
    }

    @Test func copyCompletesTheSourceStatementAsAtThePrompt() {
        #expect(complete("\\copy customers FROM @ar") == CompletionResult(replaceFrom: 21, candidates: ["@archive"]))
        #expect(complete("\\copy customers FROM SELECT * FROM ord") == CompletionResult(replaceFrom: 35, candidates: ["orders"]))
        // The statement's own tables choose its columns, not the table copied into.
        let line = "\\copy customers FROM SELECT cu FROM orders"
        let candidates = complete(line, cursor: 30).candidates
        #expect(candidates.contains("customer_id"))
        #expect(!candidates.contains("country"))
    }

    @Test func copyCompletesAFileNameInQuotesThenTheCSVOptions() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("copy-completion-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/parts", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data().write(to: URL(fileURLWithPath: directory + "/people.csv"))
        try Data().write(to: URL(fileURLWithPath: directory + "/it's.csv"))

        let line = "\\copy customers FROM '\(directory)/p"
        #expect(complete(line) == CompletionResult(replaceFrom: 21, candidates: ["'\(directory)/parts/", "'\(directory)/people.csv'"]))
        // A quote in the name is doubled, as the command reads it.
        #expect(complete("\\copy customers FROM '\(directory)/i").candidates == ["'\(directory)/it''s.csv'"])

        #expect(complete("\\copy customers FROM 'people.csv' H").candidates == ["HEADER"])
        #expect(complete("\\copy customers FROM 'people.csv' header ").candidates == ["CSV", "DELIMITER"])
        #expect(complete("\\copy customers FROM 'people.csv' csv header d").candidates == ["delimiter"])
        #expect(complete("\\copy customers FROM 'people.csv' DELIMITER ").candidates.isEmpty)
        #expect(complete("\\copy customers FROM 'people.csv' DELIMITER ' ' cs").candidates == ["csv"])
    }

    @Test func editCompletesFileNames() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("edit-completion-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data().write(to: URL(fileURLWithPath: directory + "/report.sql"))
        #expect(complete("\\e \(directory)/r") == CompletionResult(replaceFrom: 3, candidates: ["\(directory)/report.sql"]))
    }

    @Test func watchCompletesItsNamedArgumentsOnly() {
        #expect(complete("\\watch ").candidates == ["c=", "i="])
        #expect(complete("\\watch i") == CompletionResult(replaceFrom: 7, candidates: ["i="]))
        #expect(complete("\\watch i=2 ").candidates == ["c="])
        #expect(complete("\\watch i=").candidates.isEmpty)
        #expect(complete("\\watch 2").candidates.isEmpty)
    }

    @Test func routeCompletesBackendNamesAndTables() {
        #expect(complete("\\route @an") == CompletionResult(replaceFrom: 7, candidates: ["@analytics"]))
        #expect(complete("\\route SELECT * FROM ord").candidates == ["orders"])
    }
}
