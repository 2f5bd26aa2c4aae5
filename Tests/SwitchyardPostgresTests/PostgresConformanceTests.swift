import Foundation
import Switchyard
import SwitchyardConformance
import SwitchyardPostgres
import Testing

/// The PostgreSQL adapter against the shared conformance suite, every check on a
/// fresh backend (a pool of its own) on the test server.
enum PostgresConformance {
    /// PostgreSQL's column type for each value kind. Documents use `json`, which keeps
    /// the text as written (field order included); `jsonb` would reorder the fields.
    static let typeNames: [ValueKind: String] = [
        .bool: "BOOLEAN", .int: "BIGINT", .double: "DOUBLE PRECISION", .decimal: "NUMERIC", .text: "TEXT",
        .bytes: "BYTEA", .date: "DATE", .time: "TIME", .timestamp: "TIMESTAMPTZ", .uuid: "UUID", .document: "JSON",
        .array: "BIGINT[]",
    ]

    /// The standard texts without the one holding NUL (U+0000): PostgreSQL's text types
    /// cannot store it (https://www.postgresql.org/docs/current/datatype-character.html),
    /// and the adapter refuses it with `.invalidInput` rather than cut the text short.
    static let texts = ConformanceSamples.values(for: .text).filter { value in
        guard case .text(let text) = value else { return true }
        return !text.unicodeScalars.contains("\u{0}")
    }

    static let suite = ConformanceSuite(
        fixture: SQLConformanceFixture(
            typeNames: typeNames, placeholder: { "$\($0)" }, sampleOverrides: [.text: texts],
            makeBackend: {
                try await PostgresDriver().makeBackend(
                    BackendConfiguration(name: "conformance", url: BackendURL(PostgresTestServer.url(adding: "pool_max=4"))))
            }),
        timeLimit: .seconds(60))
}

@Suite(.enabled(if: PostgresTestServer.isEnabled, "no PostgreSQL test server: \(PostgresTestServer.startHint)"), .timeLimit(.minutes(2)))
struct PostgresConformanceTests {
    @Test(arguments: ConformanceSuite.Check.allCases)
    func conformance(_ check: ConformanceSuite.Check) async throws {
        _ = try PostgresTestServer.requireURL()
        let outcome = try await PostgresConformance.suite.run(check)
        #expect(outcome == .passed)
    }
}
