import Switchyard
import Testing

@Suite struct ProcessorScopeTests {
    @Test func aGlobalScopeAppliesToEveryRequest() {
        #expect(ProcessorScope.global.applies(to: QueryRequest("SELECT 1")))
        #expect(ProcessorScope.global.applies(toBackends: ["x"]))
    }

    @Test func aScopedProcessorDecidesFromTheTargetOrTheSessionBackend() {
        let scope = ProcessorScope.only(["crm"])
        #expect(scope.applies(to: QueryRequest("SELECT 1", target: .backend("crm"))))
        #expect(scope.applies(to: QueryRequest("SELECT 1", target: .backends(["web", "crm"]))))
        #expect(scope.applies(to: QueryRequest("SELECT 1", context: CallerContext(currentBackend: "crm"))))
        #expect(!scope.applies(to: QueryRequest("SELECT 1", target: .backend("web"))))
        #expect(!scope.applies(to: QueryRequest("SELECT 1")))
        #expect(scope.applies(toBackends: ["crm"]) && !scope.applies(toBackends: ["web"]))
    }

    @Test func summariesSayWhatEachProcessorDoes() {
        #expect(OperationAllowList(allowing: ["select"], scope: .only(["crm"])).summary == "allows only SELECT on crm")
        #expect(TimeoutProcessor(limit: .seconds(2)).summary.hasPrefix("cancels statements after 2"))
        #expect(ColumnRedaction(columns: ["email"]).summary == "masks email on every backend")
    }
}
