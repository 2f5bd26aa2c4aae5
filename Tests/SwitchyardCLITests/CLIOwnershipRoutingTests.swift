import Foundation
import Testing

/// Statements typed without `@name` at a SQLite prompt, in MongoDB's language, go to the
/// collection's owner: the REPL reads their language from the text.
@Suite(.enabled(if: CLITestServers.mongoAvailable, CLITestServers.mongoMissing))
struct CLIOwnershipRoutingTests {
    /// Runs the binary on SQLite `local` (the current backend) and MongoDB `docs` with an
    /// ownership rule, after `docs` got a collection holding Ann, with the arguments and standard
    /// input `run` gives for the collection's name; the collection is dropped afterwards.
    private func withOwnership(_ run: (String) -> (arguments: [String], stdin: String?)) async throws -> CLIResult {
        let url = try CLITestServers.requireMongo()
        let collection = CLITestServers.uniqueName("owned")
        var result: CLIResult?
        try await withSandbox { sandbox in
            try sandbox.write("""
                { "backends": [{ "name": "local", "url": "sqlite:local.db" }, { "name": "docs", "url": "\(url)" }],
                  "routing": { "rules": [{ "kind": "ownership" }] } }
                """, to: "switchyard.json")
            let configuration = ["--config", sandbox.path("switchyard.json")]
            let setup = try await sandbox.run(configuration + ["-c", "@docs db.\(collection).insertOne({name: 'Ann'})"])
            let (arguments, stdin) = run(collection)
            result = try await sandbox.run(configuration + arguments, stdin: stdin)
            _ = try await sandbox.run(configuration + ["-c", "@docs db.\(collection).drop()"])
            try #require(setup.status == 0, "\(setup.stderr)")
        }
        return try #require(result)
    }

    @Test func aMongoStatementTypedAtASQLitePromptRunsOnTheCollectionsOwner() async throws {
        let result = try await withOwnership { c in (["-c", "db.\(c).find({}, {_id: 0})", "-c", "\\route db.\(c).find()"], nil) }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix(" name\n------\n Ann\n(1 row)\n→ docs: 'docs' owns "), "\(result.stdout)")
    }

    @Test func aMongoStatementTypedAtASQLitePromptEndsWhenItsBracketsClose() async throws {
        // Lines as typed, without `;`: the statement runs as soon as it is whole, as at a MongoDB prompt.
        let result = try await withOwnership { c in ([], "db.\(c).countDocuments()\nSELECT 2 AS two;\n") }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == " count\n-------\n     1\n(1 row)\n two\n-----\n   2\n(1 row)\n", "\(result.stdout)")
    }

    @Test func sqlTypedAtAMongoDBPromptRunsOnTheTablesOwner() async throws {
        let result = try await withOwnership { c in
            (["-c", "@local CREATE TABLE \(c) (name text);", "-c", "@local INSERT INTO \(c) VALUES ('Bo');", "-c", "\\use docs",
              "-c", "SELECT name FROM \(c);"], nil)
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix(" name\n------\n Bo\n(1 row)\n"), "\(result.stdout)")
    }

    @Test func sqlStillRunsOnTheCurrentBackendAndAnAtNameStillDecidesTheLanguage() async throws {
        let result = try await withOwnership { c in (["-c", "SELECT 2 AS two;", "-c", "@local db.\(c).find()"], nil) }
        #expect(result.status == 1)
        #expect(result.stdout == " two\n-----\n   2\n(1 row)\n", "\(result.stdout)")
        #expect(result.stderr.contains("[local] near \"db\": syntax error"), "\(result.stderr)")
    }
}
