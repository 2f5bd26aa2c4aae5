import Foundation
import Testing

@Suite struct CLIBackendTests {
    @Test func aBadURLIsOneLineAndExitTwo() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.run(["not-a-url", "-c", "SELECT 1;"])
            #expect(result.status == 2)
            #expect(result.stderr.hasPrefix("switchyard: error: "))
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func anUnknownSchemeNamesTheKnownOnes() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.run(["nosuchdb://host/db", "-c", "SELECT 1;"])
            #expect(result.status == 2)
            #expect(result.stderr.contains("sqlite:"))
        }
    }

    @Test func aMissingConfigurationFileIsOneLineAndExitTwo() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.run(["--config", sandbox.path("absent.json"), "-c", "SELECT 1;"])
            #expect(result.status == 2)
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(result.stderr.contains("absent.json"))
        }
    }

    @Test func aConfigurationFileOpensItsBackends() async throws {
        try await withSandbox { sandbox in
            try sandbox.write("""
                {"backends": [{"name": "one", "url": "sqlite:one.db"}, {"name": "two", "url": "sqlite:two.db"}],
                 "defaultBackend": "two"}
                """, to: "switchyard.json")
            let result = try await sandbox.run(["--config", sandbox.path("switchyard.json"), "-c", "\\backends"])
            #expect(result.status == 0)
            #expect(result.stdout.contains(" one "))
            #expect(result.stdout.contains(" two "))
            #expect(result.stdout.contains("| *"))
        }
    }

    @Test func aNameIsOnlyTakenBeforeTheScheme() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.run(["sqlite:a=b.db", "named=sqlite:c.db", "-c", "\\backends"])
            #expect(result.status == 0)
            #expect(result.stdout.contains(" named "))
            #expect(FileManager.default.fileExists(atPath: sandbox.path("a=b.db")))
        }
    }

    @Test func readOnlyRefusesWritesAndLeavesTheDataUnchanged() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.run(["sqlite:t.db", "-c", "CREATE TABLE t (x INT); INSERT INTO t VALUES (1);"])
            let refused = try await sandbox.run(["sqlite:t.db", "--read-only", "-c", "DELETE FROM t;"])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("read-only"))
            let after = try await sandbox.run(["sqlite:t.db", "--format", "csv", "-c", "SELECT count(*) AS n FROM t;"])
            #expect(after.stdout == "n\r\n1\r\n")
        }
    }

    @Test func atNameAndUseTargetTwoSQLiteFiles() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.run(
                ["left=sqlite:left.db", "right=sqlite:right.db", "--format", "csv"],
                stdin: """
                    CREATE TABLE side (name TEXT);
                    INSERT INTO side VALUES ('left');
                    @right CREATE TABLE side (name TEXT);
                    @right INSERT INTO side VALUES ('right');
                    SELECT name FROM side;
                    \\use right
                    SELECT name FROM side;
                    @left SELECT name FROM side;
                    """)
            #expect(result.status == 0)
            #expect(result.stdout == "name\r\nleft\r\nname\r\nright\r\nname\r\nleft\r\n")
        }
    }

    @Test func aPasswordInAURLNeverAppearsInOutput() async throws {
        try await withSandbox { sandbox in
            let secret = "hunter2-\(UUID().uuidString.prefix(8))"
            let runs = [
                try await sandbox.run(["sqlite:///\(sandbox.path("p.db"))?password=\(secret)", "-c", "\\backends", "-c", "SELECT * FROM nowhere;"]),
                try await sandbox.run(["postgres://admin:\(secret)@127.0.0.1:1/db", "-c", "SELECT 1;"]),
                try await sandbox.run(["db=sqlite:///nonexistent-dir/x.db?password=\(secret)&mode=ro", "-c", "SELECT 1;"]),
            ]
            for result in runs {
                #expect(!result.stdout.contains(secret))
                #expect(!result.stderr.contains(secret))
            }
        }
    }
}
