import Switchyard
@testable import SwitchyardPostgres
import Testing

/// The prepared-statement cache: found by text and by the types of the values (also through
/// the shortcut for the text looked up last), the least recently used evicted.
@Suite struct PostgresStatementCacheTests {
    private func statement(_ name: String, _ text: String, declaring types: [PostgresType.OID]) -> PostgresPreparedStatement {
        PostgresPreparedStatement(
            name: name, text: text, declaredTypes: types, parameterTypes: types, columns: Columns(names: ["n"]),
            columnTypes: [PostgresType.int8], isBinary: true)
    }

    @Test func theVariantForTheValuesIsFoundEvenWhenTheTextRepeats() {
        let cache = PostgresStatementCache(capacity: 8)
        let text = "SELECT n FROM t WHERE n = $1"
        _ = cache.insert(statement("sy_1", text, declaring: [PostgresType.int8]))
        _ = cache.insert(statement("sy_2", text, declaring: [PostgresType.numeric]))
        // The same text, alternately bound with an integer and a decimal.
        for _ in 0..<3 {
            #expect(cache.lookup(text, for: [.int(1)])?.name == "sy_1")
            #expect(cache.lookup(text, for: [.int(2)])?.name == "sy_1")
            #expect(cache.lookup(text, for: [.decimal(ExactDecimal("1.5")!)])?.name == "sy_2")
        }
        #expect(cache.lookup(text, for: [.double(1)]) == nil)
        #expect(cache.lookup("SELECT 2", for: []) == nil)
    }

    @Test func aStatementRemovedIsNotFoundAgain() {
        let cache = PostgresStatementCache(capacity: 8)
        let text = "SELECT n FROM t WHERE n = $1"
        _ = cache.insert(statement("sy_1", text, declaring: [PostgresType.int8]))
        #expect(cache.lookup(text, for: [.int(1)])?.name == "sy_1")
        cache.remove(named: "sy_1", text: text)
        #expect(cache.lookup(text, for: [.int(1)]) == nil)
        _ = cache.insert(statement("sy_2", text, declaring: [PostgresType.int8]))
        #expect(cache.lookup(text, for: [.int(1)])?.name == "sy_2")
        cache.removeAll()
        #expect(cache.lookup(text, for: [.int(1)]) == nil)
    }

    @Test func theLeastRecentlyUsedStatementIsEvicted() {
        let cache = PostgresStatementCache(capacity: 2)
        _ = cache.insert(statement("sy_1", "SELECT 1", declaring: []))
        _ = cache.insert(statement("sy_2", "SELECT 2", declaring: []))
        // Used last, twice in a row (the second time through the shortcut).
        #expect(cache.lookup("SELECT 1", for: [])?.name == "sy_1")
        #expect(cache.lookup("SELECT 1", for: [])?.name == "sy_1")
        let evicted = cache.insert(statement("sy_3", "SELECT 3", declaring: []))
        #expect(evicted.map(\.name) == ["sy_2"])
        #expect(cache.lookup("SELECT 1", for: [])?.name == "sy_1")
        #expect(cache.lookup("SELECT 2", for: []) == nil)
    }
}
