import Switchyard
import Testing

@Suite struct RoutingOwnershipRuleTests {
    private func map() -> OwnershipMap {
        let map = OwnershipMap()
        map.learn(Catalog(objects: [CatalogObject(name: "users", kind: .table, columns: [])]), of: "eu")
        map.learn(Catalog(objects: [CatalogObject(schema: "sales", name: "orders", kind: .table, columns: [])]), of: "us")
        map.learn(Catalog(objects: [CatalogObject(name: "events", kind: .collection, columns: [])]), of: "docs")
        return map
    }

    @Test func sqlTableNamesComeFromFromJoinIntoAndUpdate() {
        let sql = """
            INSERT INTO audit SELECT * FROM users u JOIN "Sales"."Orders" o ON o.uid = u.id -- FROM hidden
            WHERE u.name = 'FROM fake'; UPDATE ONLY stats SET n = 1
            """
        #expect(TableNameExtractor.tables(in: Statement(sql)) == ["audit", "users", "Sales.Orders", "stats"])
    }

    @Test func mongoCollectionNamesComeFromDbDotCollection() {
        let text = #"db.events.find({}); db.getCollection("log-2024").countDocuments()"#
        #expect(Set(TableNameExtractor.tables(in: Statement(text, language: .mongo))) == ["events", "log-2024"])
    }

    @Test func aTableRoutesToTheBackendWhoseCatalogOwnsIt() async throws {
        let outcome = try await OwnershipRule(map: map()).evaluate(routingRequest("SELECT * FROM users WHERE id = 1"), context: routingContext)
        #expect(outcome == .match(Route(targets: ["eu"], reason: "'eu' owns users")))
    }

    @Test func aSchemaQualifiedNameMatchesTheCatalogsQualifiedName() async throws {
        let outcome = try await OwnershipRule(map: map()).evaluate(routingRequest("DELETE FROM sales.orders"), context: routingContext)
        guard case .match(let route) = outcome else { Issue.record("expected a match"); return }
        #expect(route.targets == ["us"])
    }

    @Test func aCollectionRoutesToItsMongoBackend() async throws {
        let outcome = try await OwnershipRule(map: map()).evaluate(
            routingRequest("db.events.find({})", language: .mongo), context: routingContext)
        guard case .match(let route) = outcome else { Issue.record("expected a match"); return }
        #expect(route.targets == ["docs"])
    }

    @Test func tablesOnDifferentBackendsDoNotMatch() async throws {
        let outcome = try await OwnershipRule(map: map()).evaluate(
            routingRequest("SELECT * FROM users JOIN orders ON true"), context: routingContext)
        #expect(outcome == .noMatch("the tables live on different backends (users on eu, orders on us)"))
    }

    @Test func anUnknownTableDoesNotMatch() async throws {
        let outcome = try await OwnershipRule(map: map()).evaluate(routingRequest("SELECT * FROM nowhere"), context: routingContext)
        #expect(outcome == .noMatch("no open backend owns nowhere"))
    }

    @Test func learningABackendsCatalogAgainReplacesWhatItOwned() {
        let map = map()
        map.learn(Catalog(objects: [CatalogObject(name: "accounts", kind: .table, columns: [])]), of: "eu")
        #expect(map.owners(of: "users") == [])
        #expect(map.owners(of: "accounts") == ["eu"])
        #expect(map.owners(of: "ORDERS") == ["us"])
    }
}

/// A language of an adapter outside the core, whose statements name their table second
/// (`get users 1`): neither SQL nor mongosh.
private struct KeyValueLanguage: QueryLanguageSupport {
    var language: QueryLanguage { "kv" }
    func isComplete(_ text: String) -> Bool { true }
    func classify(_ text: String) -> StatementKind { text.hasPrefix("get") ? .read : .write }
    func tables(in text: String) -> [String]? { text.split(separator: " ").dropFirst().first.map { [String($0)] } ?? [] }
}

@Suite struct RoutingAdapterLanguageTablesTests {
    private let context = RoutingContext(
        backends: ["store", "eu"], capabilities: ["store": BackendCapabilities(features: [], languages: ["kv"])])

    @Test func theOwnershipRuleReadsTheTablesOfAnAdaptersLanguageFromItsSupport() async throws {
        let map = OwnershipMap()
        map.learn(Catalog(objects: [CatalogObject(name: "users", kind: .table, columns: [])]), of: "store")
        let rule = OwnershipRule(map: map, classifier: StatementClassifier([KeyValueLanguage()]))
        let outcome = try await rule.evaluate(routingRequest("get users 1", language: "kv"), context: context)
        #expect(outcome == .match(Route(targets: ["store"], reason: "'store' owns users")))
    }

    @Test func aFanOutRuleLimitedToTablesReadsThemFromTheLanguagesSupport() async throws {
        let rule = FanOutRule(backends: ["store", "eu"], tables: ["users"], classifier: StatementClassifier([KeyValueLanguage()]))
        let outcome = try await rule.evaluate(routingRequest("get users 1", language: "kv"), context: context)
        guard case .match(let route) = outcome else { Issue.record("expected a match, got \(outcome)"); return }
        #expect(route.targets == ["store", "eu"])
    }
}
