import Foundation
import Testing

/// How the binary prints the values that have no plain JSON number or that name no zone:
/// NaN and the infinities (PostgreSQL's spelling, nested too; never `null`) and
/// timestamps with and without time zone.
@Suite(.enabled(if: CLITestServers.postgresAvailable, CLITestServers.postgresMissing))
struct CLIPostgresValueDisplayTests {
    private func run(_ arguments: [String], before: [String] = []) async throws -> CLIResult {
        let url = try CLITestServers.requirePostgres()
        var result: CLIResult?
        try await withSandbox { sandbox in result = try await sandbox.run(before + ["pg=\(url)"] + arguments) }
        return try #require(result)
    }

    static let nonFinite = "SELECT ARRAY['NaN'::float8, 'Infinity', '-Infinity'] AS a, 'Infinity'::float8 AS f;"

    @Test func aDoubleArrayShowsNaNAndInfinities() async throws {
        let result = try await run(["-c", Self.nonFinite])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "            a             |    f\n--------------------------+----------\n [NaN,Infinity,-Infinity] | Infinity\n(1 row)\n")
    }

    @Test func jsonWritesNaNAndInfinitiesAsPostgreSQLsToJSONDoesNotAsNull() async throws {
        let result = try await run(["-c", Self.nonFinite], before: ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "[\n{\"a\":[\"NaN\",\"Infinity\",\"-Infinity\"],\"f\":\"Infinity\"}\n]\n")
    }

    @Test func aTimestampShowsNoZoneAndATimestamptzKeepsIts() async throws {
        let table = CLITestServers.uniqueName("timestamps")
        let result = try await run([
            "-c", "CREATE TABLE \(table) (ts timestamp, tstz timestamptz);",
            "-c", "INSERT INTO \(table) VALUES ('2024-01-02 03:04:05', '2024-01-02 05:04:05+02');",
            "-c", "SELECT ts, tstz FROM \(table);",
            "-c", "\\format json", "-c", "SELECT ts, tstz FROM \(table);",
            "-c", "DROP TABLE \(table);",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(" 2024-01-02T03:04:05 | 2024-01-02T03:04:05Z\n"), "\(result.stdout)")
        #expect(result.stdout.contains(#"{"ts":"2024-01-02T03:04:05","tstz":"2024-01-02T03:04:05Z"}"#), "\(result.stdout)")
    }
}

@Suite(.enabled(if: CLITestServers.mongoAvailable, CLITestServers.mongoMissing))
struct CLIMongoValueDisplayTests {
    @Test func subDocumentsAndArraysShowNaNAndInfinitiesAndJSONKeepsThemExtended() async throws {
        let url = try CLITestServers.requireMongo()
        let collection = CLITestServers.uniqueName("nonfinite")
        try await withSandbox { sandbox in
            let insert = try await sandbox.run([
                "docs=\(url)", "-c", "db.\(collection).insertOne({_id: 1, a: [Infinity, -Infinity, 1.5], d: {x: NaN}})",
            ])
            #expect(insert.status == 0, "\(insert.stderr)")
            let table = try await sandbox.run(["docs=\(url)", "-c", "db.\(collection).find()"])
            let json = try await sandbox.run(["--format", "json", "docs=\(url)", "-c", "db.\(collection).find()"])
            _ = try await sandbox.run(["docs=\(url)", "-c", "db.\(collection).drop()"])
            #expect(table.stdout.contains(#"   1 | [Infinity,-Infinity,1.5] | {"x":NaN}"#), "\(table.stdout)")
            #expect(json.stdout.contains(
                #"{"_id":1,"a":[{"$numberDouble":"Infinity"},{"$numberDouble":"-Infinity"},1.5],"d":{"x":{"$numberDouble":"NaN"}}}"#),
                "\(json.stdout)")
        }
    }
}

@Suite struct CLISQLiteTimestampDisplayTests {
    @Test func julianDaysReadAsTheirInstantAndTextWithoutAZoneShowsNone() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.run([
                "sqlite::memory:", "-c",
                "CREATE TABLE t (id INTEGER, v TIMESTAMP); INSERT INTO t VALUES (1, julianday('2024-01-02 03:04:05')), (2, '2024-01-02 03:04:05'); SELECT v FROM t ORDER BY id;",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasSuffix("\n 2024-01-02T03:04:05Z\n 2024-01-02T03:04:05\n(2 rows)\n"), "\(result.stdout)")
        }
    }
}
