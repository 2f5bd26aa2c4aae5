import Foundation
import Testing

@Suite struct CLIDemoDatabaseTests {
    @Test func theDemoDatabaseIsCreatedOnFirstRunAndReused() async throws {
        try await withSandbox { sandbox in
            let first = try await sandbox.run(["-c", "SELECT count(*) AS customers FROM customers;"])
            #expect(first.status == 0)
            #expect(first.stderr.contains("Created the demo database at \(sandbox.dataDirectory)/demo.db"))
            #expect(first.stdout.contains("200"))
            #expect(FileManager.default.fileExists(atPath: sandbox.dataDirectory + "/demo.db"))

            let second = try await sandbox.run(["-c", "SELECT count(*) AS customers FROM customers;"])
            #expect(second.status == 0)
            #expect(!second.stderr.contains("Created"))
            #expect(second.stdout == first.stdout)
        }
    }

    @Test func theDemoHoldsRelatedTablesWithAFewThousandRows() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.run([
                "--format", "csv", "-c",
                """
                SELECT (SELECT count(*) FROM order_items) > 2000 AS many_items,
                       (SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id) = (SELECT count(*) FROM orders) AS joined,
                       (SELECT count(*) FROM customers WHERE email IS NULL) > 0 AS has_nulls;
                """,
            ])
            #expect(result.status == 0)
            #expect(result.stdout.hasSuffix("1,1,1\r\n") || result.stdout.hasSuffix("true,true,true\r\n"))
        }
    }

    @Test func noLeftoverTemporaryFilesAfterBuildingTheDemo() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.run(["-c", "SELECT 1;"])
            let files = try FileManager.default.contentsOfDirectory(atPath: sandbox.dataDirectory)
            #expect(!files.contains { $0.hasPrefix(".demo-") })
        }
    }
}
