/// Keeps an ``OwnershipMap`` current as statements change schemas: after a schema statement
/// (`CREATE TABLE`, `DROP TABLE`, `db.createCollection`…) completes, the catalogs of the
/// backends it ran on are read again, so the next request can be routed to a table created
/// a moment ago. The bootstrap adds it when an ownership rule is configured.
///
/// Schema statements return no rows; their result is read to the end here (so the change is
/// made before the catalog is read) and handed on in memory.
public struct OwnershipTracker: DataProcessor {
    public let name = "ownership tracker"
    /// The map it refreshes.
    public let map: OwnershipMap
    /// Where the backends a schema statement ran on are looked up by name.
    public let backends: BackendRegistry
    /// Tells schema statements from the rest.
    public let classifier: StatementClassifier

    /// Creates a tracker refreshing `map` from the catalogs of backends in `backends`.
    public init(map: OwnershipMap, backends: BackendRegistry, classifier: StatementClassifier = StatementClassifier()) {
        self.map = map
        self.backends = backends
        self.classifier = classifier
    }

    public var summary: String { "relearns table ownership after schema changes" }

    public func process(_ request: QueryRequest, next: QueryHandler) async throws -> QueryResult {
        var result = try await next(request)
        guard classifier.classify(request.statement) == .schema else { return result }
        let rows = try await result.rows.collect()
        let summary = try await result.rows.summary()
        let changed = result.route.targets.compactMap { backends[$0] }
        await map.refresh(from: changed)
        result.rows = ResultSet(columns: result.rows.columns, rows: rows, summary: summary)
        return result
    }
}
