import Testing
import SwitchyardREPL

@Suite struct TargetedStatementTests {
    @Test func anAtPrefixNamesTheBackend() {
        let statement = TargetedStatement(parsing: "@archive SELECT 1;")
        #expect(statement.target == "archive")
        #expect(statement.text == "SELECT 1")
    }

    @Test func withoutPrefixThereIsNoTarget() {
        let statement = TargetedStatement(parsing: "  SELECT '@x';  ")
        #expect(statement.target == nil)
        #expect(statement.text == "SELECT '@x'")
    }

    @Test func aCommaListNamesSeveralBackends() {
        let statement = TargetedStatement(parsing: "@main,archive SELECT 1;")
        #expect(statement.targets == ["main", "archive"])
        #expect(statement.text == "SELECT 1")
    }

    @Test func anEmptyNameInTheListIsNotATarget() {
        #expect(TargetedStatement(parsing: "@main, SELECT 1;").targets.isEmpty)
    }

    @Test func theFinalSemicolonIsDropped() {
        #expect(TargetedStatement(parsing: "SELECT 1 ;").text == "SELECT 1")
    }

    @Test(arguments: ["@main;", "@main ;", "@main;;", "@main ; ;", "@main", "@main,archive;"])
    func aTargetWithNothingAfterItHasNoText(input: String) {
        let statement = TargetedStatement(parsing: input)
        #expect(statement.target == "main")
        #expect(statement.text.isEmpty)
    }

    @Test func anAtFollowedByOtherTextIsNoTarget() {
        #expect(TargetedStatement(parsing: "@main;SELECT 1").targets.isEmpty)
        #expect(TargetedStatement(parsing: "@main(1);").targets.isEmpty)
    }
}
