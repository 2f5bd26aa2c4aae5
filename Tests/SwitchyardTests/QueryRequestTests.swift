import Testing
import Switchyard

/// A request shares its fields between copies until one changes: the copies must still behave
/// as independent values.
@Suite struct QueryRequestTests {
    private func request() -> QueryRequest {
        QueryRequest(
            Statement("SELECT * FROM orders WHERE id = ?", [42]), target: .backend("local"),
            context: CallerContext(user: "ana", tenant: "acme", correlationID: "c-1", attributes: ["region": "eu"]),
            options: QueryOptions(readOnly: false, timeout: .seconds(2)))
    }

    @Test func changingACopyLeavesTheOriginalAlone() {
        let original = request()
        var copy = original
        copy.statement.text = "SELECT 1"
        copy.statement.bindings.append(7)
        copy.target = .backends(["a", "b"])
        copy.context.attributes["region"] = "us"
        copy.options.readOnly = true

        #expect(original.statement.text == "SELECT * FROM orders WHERE id = ?")
        #expect(original.statement.bindings == [42])
        #expect(original.target == .backend("local"))
        #expect(original.context.attributes == ["region": "eu"])
        #expect(original.options.readOnly == false)
        #expect(copy.statement.text == "SELECT 1")
        #expect(copy.statement.bindings == [42, 7])
        #expect(copy.target == .backends(["a", "b"]))
        #expect(copy.context.attributes == ["region": "us"])
        #expect(copy.options == QueryOptions(readOnly: true, timeout: .seconds(2)))
    }

    @Test func changingTheOriginalLeavesACopyAlone() {
        var original = request()
        let copy = original
        original.options.timeout = nil
        #expect(copy.options.timeout == .seconds(2))
        #expect(original.options.timeout == nil)
    }

    @Test func requestsWithTheSameFieldsAreEqualAndHashAlike() {
        let a = request(), b = request()
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b, a]).count == 1)

        var c = b
        c.options.readOnly = true
        #expect(c != a)
        c.options.readOnly = false
        #expect(c == a)
        #expect(c.hashValue == a.hashValue)

        // Options live beside the shared fields: a copy that changed only them shares the
        // rest with its original, and still differs from it.
        var d = a
        d.options.timeout = .seconds(3)
        #expect(d != a)
        #expect(d.statement == a.statement)
    }
}
