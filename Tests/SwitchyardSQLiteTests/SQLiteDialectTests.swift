import Switchyard
import SwitchyardSQLite
import Testing

@Suite("SQLite dialect")
struct SQLiteDialectTests {
    let dialect = SQLiteDialect()

    @Test func placeholdersAreNumbered() {
        #expect(dialect.placeholder(3) == "?3")
        #expect(dialect.distinct("\"a\"", "?1") == "\"a\" IS NOT ?1")
    }

    @Test func offsetWithoutLimitUsesLimitMinusOne() {
        #expect(dialect.limitClause(limit: nil, offset: 5) == " LIMIT -1 OFFSET 5")
        #expect(dialect.limitClause(limit: 10, offset: 5) == " LIMIT 10 OFFSET 5")
        #expect(dialect.limitClause(limit: 10, offset: 0) == " LIMIT 10")
        #expect(dialect.limitClause(limit: nil, offset: 0) == "")
    }

    @Test func caseInsensitiveLikeStaysLike() {
        let (sql, binding) = dialect.like("\"name\"", pattern: "a%", caseInsensitive: true, placeholder: "?1")
        #expect(sql == "\"name\" LIKE ?1 ESCAPE '\\'")
        #expect(binding == .text("a%"))
    }

    @Test(arguments: [
        ("a%", "a*"),
        ("_b", "?b"),
        ("100\\%", "100%"),
        ("a\\_b", "a_b"),
        ("what?*[x]", "what[?][*][[]x]"),
        ("\\\\", "\\"),
        ("end\\", "end\\"),
    ])
    func caseSensitiveLikeBecomesGlob(like: String, glob: String) {
        let (sql, binding) = dialect.like("\"name\"", pattern: like, caseInsensitive: false, placeholder: "?2")
        #expect(sql == "\"name\" GLOB ?2")
        #expect(binding == .text(glob))
    }

    @Test func globTranslationMatchesLikeSemanticsOnRealData() async throws {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (name TEXT)")
            try await backend.execute("INSERT INTO t VALUES ('Apple'), ('apple'), ('a*b'), ('axb'), ('50%'), ('[x]')")
            func matches(_ pattern: String, caseInsensitive: Bool) async throws -> [String] {
                let (condition, binding) = dialect.like("name", pattern: pattern, caseInsensitive: caseInsensitive, placeholder: "?1")
                return try await backend.values("SELECT name FROM t WHERE \(condition) ORDER BY name", [binding])
                    .compactMap { String(value: $0[0]) }
            }
            #expect(try await matches("a%", caseInsensitive: false) == ["a*b", "apple", "axb"])
            #expect(try await matches("a%", caseInsensitive: true) == ["Apple", "a*b", "apple", "axb"])
            #expect(try await matches("a*b", caseInsensitive: false) == ["a*b"])
            #expect(try await matches("50\\%", caseInsensitive: false) == ["50%"])
            #expect(try await matches("[x]", caseInsensitive: false) == ["[x]"])
        }
    }

    @Test func entityStoreRunsOnTheBackend() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT)")
            let store = try #require(backend.entityStore)
            try await store.upsert(into: "people", keyField: "id", document: ["id": 1, "name": "Ada"])
            try await store.upsert(into: "people", keyField: "id", document: ["id": 1, "name": "Grace"])
            try await store.upsert(into: "people", keyField: "id", document: ["id": 2, "name": "Linus"])
            #expect(try await store.count(in: "people", where: .all) == 2)
            // An offset without a limit needs SQLite's LIMIT -1.
            let query = EntityQuery(storageName: "people", orderBy: [SortKey("id")], page: Page(offset: 1))
            #expect(try await store.fetch(query).collect().map(\.values) == [[.int(2), .text("Linus")]])
            let grace = try await store.fetch(EntityQuery(storageName: "people", predicate: .like(field: "name", pattern: "g%", caseInsensitive: true)))
            #expect(try await grace.collect().map(\.values) == [[.int(1), .text("Grace")]])
        }
    }
}
