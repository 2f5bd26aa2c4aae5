import Switchyard
import Testing

@Suite struct ProcessorRedactionTests {
    @Test func namedColumnsAreMaskedInEveryRowWhateverTheirCase() async throws {
        let terminal = ScriptedTerminal { _, _ in
            tableResult(["id", "Email", "ssn"], [[.int(1), .text("a@x"), .null], [.int(2), .text("b@x"), .text("123")]])
        }
        let values = try await runValues([ColumnRedaction(columns: ["email", "SSN"])], QueryRequest("SELECT * FROM u"), terminal)
        #expect(values == [[.int(1), .text("***"), .text("***")], [.int(2), .text("***"), .text("***")]])
    }

    @Test func resultsFromBackendsOutsideTheScopeAreUntouched() async throws {
        let terminal = ScriptedTerminal { _, _ in tableResult(["email"], [[.text("a@x")]], backend: "other") }
        let values = try await runValues(
            [ColumnRedaction(columns: ["email"], scope: .only(["crm"]))], QueryRequest("SELECT email FROM u"), terminal)
        #expect(values == [[.text("a@x")]])
    }
}
