import Switchyard
import Testing

@Suite struct QueryLanguageSupportTests {
    /// A language an adapter brings: statements end with `!`, `peek` reads, anything else writes.
    struct BangLanguage: QueryLanguageSupport {
        var language: QueryLanguage { "bang" }
        func isComplete(_ text: String) -> Bool { text.hasSuffix("!") }
        func classify(_ text: String) -> StatementKind { text.hasPrefix("peek") ? .read : .write }
        var completionWords: [String] { ["peek", "poke"] }
    }

    struct BangDriver: BackendDriver {
        var schemes: [String] { ["bang"] }
        var languageSupport: [any QueryLanguageSupport] { [BangLanguage()] }
        func makeBackend(_ configuration: BackendConfiguration) async throws -> any Backend {
            throw SwitchyardError(.unsupported, "not needed here")
        }
    }

    @Test func sqlStatementsAreCompleteAtASemicolonOutsideQuotesAndComments() {
        let sql = SQLLanguageSupport()
        #expect(sql.isComplete("SELECT 1;"))
        #expect(sql.isComplete("SELECT 1; -- done"))
        #expect(!sql.isComplete("SELECT ';'"))
        #expect(!sql.isComplete("SELECT 1 /* ; */"))
        #expect(!sql.isComplete(""))
    }

    @Test func theRegistryFindsTheLanguageADriverBrings() {
        let drivers = DriverRegistry([BangDriver()])
        #expect(drivers.languageSupport(for: "bang")?.completionWords == ["peek", "poke"])
        #expect(drivers.languageSupport(for: .sql)?.language == .sql)
        #expect(drivers.languageSupport(for: "cypher") == nil)
    }

    @Test func theReadOnlyGuardUsesTheDriversClassifiers() throws {
        let guardStage = ReadOnlyGuard(classifiers: DriverRegistry([BangDriver()]).statementClassifiers)
        try guardStage.validate(QueryRequest(Statement("peek!", language: "bang")))
        #expect(throws: SwitchyardError.self) {
            try guardStage.validate(QueryRequest(Statement("poke!", language: "bang")))
        }
    }
}
