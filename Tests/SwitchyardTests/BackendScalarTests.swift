import Switchyard
import Testing

@Suite("Backend scalars and the size of a value")
struct BackendScalarTests {
    @Test("a value takes 24 bytes in a row's buffer, whatever its case")
    func valueStride() {
        // Rows keep their values side by side; a payload over 16 bytes in any case would
        // grow every value of every row (a backend scalar's two strings made it 40).
        #expect(MemoryLayout<Value>.stride == 24)
    }

    @Test("scalars made apart compare and hash by their type and text")
    func equalityAndHashing() {
        let a = BackendScalar(type: "objectId", text: "507f1f77bcf86cd799439011")
        let b = BackendScalar(type: "objectId", text: "507f1f77bcf86cd799439011")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([Value.scalar(a), .scalar(b)]).count == 1)
        #expect(a != BackendScalar(type: "objectId", text: "507f1f77bcf86cd799439012"))
        #expect(a != BackendScalar(type: "string", text: "507f1f77bcf86cd799439011"))
    }

    @Test("changing a copy leaves the original as it was")
    func copiesAreIndependent() {
        let original = BackendScalar(type: "interval", text: "1 day")
        var copy = original
        copy.text = "2 days"
        #expect(original.text == "1 day")
        #expect(copy.text == "2 days")
        #expect(copy.type == "interval")
        copy.type = "text"
        #expect(original.type == "interval")
        #expect(copy == BackendScalar(type: "text", text: "2 days"))
        #expect(original.description == "1 day")
    }
}
