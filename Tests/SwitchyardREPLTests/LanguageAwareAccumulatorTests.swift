import Testing
import Switchyard
import SwitchyardREPL

/// Statements in a language other than SQL end when the language says so, not at `;`.
@Suite struct LanguageAwareAccumulatorTests {
    /// Brackets decide, as mongosh's do, and `//` lines are comments (the REPL library knows no adapter).
    private struct BracketLanguage: QueryLanguageSupport {
        var language: QueryLanguage { .mongo }
        func isComplete(_ text: String) -> Bool {
            text.split(separator: "\n").contains { !$0.hasPrefix("//") }
                && text.filter { $0 == "(" || $0 == "{" }.count == text.filter { $0 == ")" || $0 == "}" }.count
        }
        func classify(_ text: String) -> StatementKind { .read }
    }

    private func statements(_ lines: [String], nonSQL: Bool = true) -> [String] {
        var accumulator = LanguageAwareAccumulator()
        var out: [String] = []
        for line in lines {
            out += accumulator.append(line, language: { first in
                nonSQL && !first.hasPrefix("@sql") ? BracketLanguage() : nil
            })
        }
        if let rest = accumulator.finish() { out.append(rest) }
        return out
    }

    @Test func aStatementEndsWhenItsBracketsCloseWithoutASemicolon() {
        #expect(statements(["db.items.insertOne({", "  name: 'a'", "})", "db.items.find()"]) == [
            "db.items.insertOne({\n  name: 'a'\n})", "db.items.find()",
        ])
    }

    @Test func aTrailingSemicolonIsAccepted() {
        #expect(statements(["db.items.find({", "});", "db.x.find()"]) == ["db.items.find({\n});", "db.x.find()"])
    }

    @Test func theContinuationLinesAreKeptForThePrompt() {
        var accumulator = LanguageAwareAccumulator()
        _ = accumulator.append("db.items.find({", language: { _ in BracketLanguage() })
        #expect(!accumulator.isEmpty)
        #expect(accumulator.lines == ["db.items.find({"])
        accumulator.reset()
        #expect(accumulator.isEmpty)
    }

    @Test func sqlStatementsStillEndAtSemicolons() {
        #expect(statements(["SELECT (1", ");", "SELECT 2;"], nonSQL: false) == ["SELECT (1\n);", "SELECT 2;"])
    }

    @Test func theFirstLineChoosesTheLanguage() {
        #expect(statements(["@sql SELECT 1", ";", "db.items.find()"]) == ["@sql SELECT 1\n;", "db.items.find()"])
    }

    @Test func statementsOnOneLineSeparatedBySemicolonsRunOneByOne() {
        #expect(statements(["db.a.find({x: 'p;q'}); db.b.find();"]) == ["db.a.find({x: 'p;q'});", "db.b.find();"])
    }

    @Test func aSemicolonFollowedByACombiningMarkStillSeparates() {
        #expect(statements(["db.a.find();\u{301}db.b.find()"]) == ["db.a.find();", "\u{301}db.b.find()"])
    }

    @Test func commentLinesAfterTheLastStatementRunNothing() {
        #expect(statements(["// setup", "db.a.find()", "// the end"]) == ["// setup\ndb.a.find()"])
    }
}
