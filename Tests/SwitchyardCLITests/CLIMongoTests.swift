import Foundation
import SwitchyardTestSupport
import Testing

/// The binary on a real MongoDB-wire server: mongosh statements, its output formats and catalog commands.
@Suite(.enabled(if: CLITestServers.mongoAvailable, CLITestServers.mongoMissing))
struct CLIMongoTests {
    /// Runs `arguments` after `docs=<server>` in a sandbox, with a fresh collection dropped afterwards.
    private func run(
        _ purpose: String, before: [String] = [], _ arguments: (String) -> [String]
    ) async throws -> CLIResult {
        try await run(collection: CLITestServers.uniqueName(purpose), before: before, arguments)
    }

    private func run(collection: String, before: [String] = [], _ arguments: (String) -> [String]) async throws -> CLIResult {
        let url = try CLITestServers.requireMongo()
        var result: CLIResult?
        try await withSandbox { sandbox in
            result = try await sandbox.run(before + ["docs=\(url)"] + arguments(collection))
            _ = try await sandbox.run(["docs=\(url)", "-c", "db.\(collection).drop()"])
        }
        return try #require(result)
    }

    private static func seed(_ c: String) -> [String] {
        ["-c", "db.\(c).insertOne({name: 'Ann', age: 31, tags: ['a'], address: {city: 'Oslo'}})",
         "-c", "db.\(c).insertOne({name: 'Bo', age: 45})",
         "-c", "db.\(c).insertOne({name: 'Cy', age: 27})"]
    }

    @Test func ctrlCDuringACopyIntoMongoDBSaysHowManyRowsStayWritten() async throws {
        let url = try CLITestServers.requireMongo()
        let collection = CLITestServers.uniqueName("copycancel")
        try await withSandbox { sandbox in
            // A CSV file that is a FIFO: 600 rows, then its writer goes quiet (without closing it), so
            // the copy writes one insert of 500 and waits for the rest when Ctrl-C comes. Bounded:
            // the shared server gets 500 documents, whenever the interrupt arrives.
            let fifo = sandbox.path("rows.csv")
            #expect(mkfifo(fifo, 0o600) == 0)
            let done = DispatchSemaphore(value: 0)
            let writer = Thread {
                guard let handle = FileHandle(forWritingAtPath: fifo) else { return }
                handle.write(Data(("x\n" + (1...600).map { "\($0)\n" }.joined()).utf8))
                _ = done.wait(timeout: .now() + 60)
                try? handle.close()
            }
            writer.start()
            defer { done.signal() }
            let countDocuments = ["docs=\(url)", "--format", "csv", "-c", "db.\(collection).countDocuments()"]
            let copy = try await sandbox.run(
                ["docs=\(url)", "-c", "\\copy @docs \(collection) FROM '\(fifo)' CSV HEADER"],
                interruptWhen: {
                    let counted = try? await sandbox.run(countDocuments)
                    return (counted?.stdout.split(whereSeparator: \.isNewline).last).flatMap { Int($0) }.map { $0 > 0 } ?? false
                })
            done.signal()
            let count = try await sandbox.run(countDocuments)
            _ = try await sandbox.run(["docs=\(url)", "-c", "db.\(collection).drop()"])

            #expect(copy.status == 130, "\(copy.stderr)")
            #expect(copy.stderr.hasPrefix("ERROR: the copy was cancelled\n"), "\(copy.stderr)")
            #expect(count.stdout.split(whereSeparator: \.isNewline).last == "500", "\(count.stdout) \(count.stderr)")
            // What stayed is what the error says.
            #expect(copy.stderr.contains("DETAIL: 500 row(s) were already written to 'docs', which has no transactions: they stay"), "\(copy.stderr)")
        }
    }

    @Test func insertOneReportsTheInsertedDocument() async throws {
        let result = try await run("insert") { c in ["-c", "db.\(c).insertOne({name: 'Ann'})"] }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("insertedCount"))
        #expect(result.stdout.contains("(1 row)"))
    }

    @Test func findWithSortAndLimitPrintsTopLevelFieldsAsColumns() async throws {
        let result = try await run("find") { c in Self.seed(c) + ["-c", "db.\(c).find({}, {_id: 0}).sort({age: -1}).limit(2)"] }
        #expect(result.status == 0, "\(result.stderr)")
        let table = result.stdout.components(separatedBy: "\n").drop { !$0.contains("name") && !$0.contains("age") }
        let lines = Array(table)
        #expect(lines.first?.contains("name") == true && lines.first?.contains("age") == true)
        #expect(lines.count >= 5)
        #expect(lines[2].contains("Bo") && lines[2].contains("45"))
        #expect(lines[3].contains("Ann") && lines[3].contains("31"))
        #expect(lines[4] == "(2 rows)")
    }

    @Test func nestedValuesPrintAsCompactJSON() async throws {
        let result = try await run("nested") { c in Self.seed(c) + ["-c", "db.\(c).find({name: 'Ann'})"] }
        #expect(result.stdout.contains(#"{"city":"Oslo"}"#), "\(result.stdout)")
        #expect(result.stdout.contains(#"["a"]"#))
    }

    @Test func jsonFormatWritesObjectIdsAsExtendedJSON() async throws {
        let result = try await run("json", before: ["--format", "json"]) { c in Self.seed(c) + ["-c", "db.\(c).find({name: 'Bo'})"] }
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(result.stdout.components(separatedBy: "\n[").last)
        #expect(json.contains(#""_id":{"$oid":""#), "\(result.stdout)")
        #expect(json.contains(#""name":"Bo""#))
    }

    @Test func aQueryMatchingNothingPrintsAnEmptyResult() async throws {
        let table = try await run("nomatch") { c in
            Self.seed(c) + ["-c", "db.\(c).find({age: {$gt: 100}})", "-c", "db.\(c).findOne({name: 'Zed'})",
                            "-c", "db.\(c).aggregate([{$match: {age: 0}}])"]
        }
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.hasSuffix("(0 rows)\n(0 rows)\n(0 rows)\n"), "\(table.stdout)")
        #expect(!table.stdout.contains("find\n"), "\(table.stdout)")
        let json = try await run("nomatch_json", before: ["--format", "json"]) { c in
            Self.seed(c) + ["-c", "db.\(c).find({age: {$gt: 100}})"]
        }
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout.hasSuffix("[]\n"), "\(json.stdout)")
    }

    /// `switchyard … | head`: once the reader has gone the session stops, and exits as a
    /// process SIGPIPE ended would (141) but through exit, so that libmongoc's exit handler
    /// removes its /dev/shm/mongoc-<pid> counters (which the signal used to leave behind).
    @Test func aReaderThatStopsReadingEndsTheSessionCleanly() async throws {
        let url = try CLITestServers.requireMongo()
        try await withSandbox { sandbox in
            var environment = sandbox.environment
            environment["MONGOC_DISABLE_SHM"] = nil  // the counters this test is about
            let output = Pipe()
            let errors = Pipe()
            let child = try ChildProcess(
                executable: SwitchyardBinary.path,
                arguments: ["docs=\(url)", "-c", "db.runCommand({ping: 1})", "-c", "db.runCommand({ping: 1})"],
                environment: environment, directory: sandbox.directory,
                stdout: .descriptor(output.fileHandleForWriting.fileDescriptor),
                stderr: .descriptor(errors.fileHandleForWriting.fileDescriptor))
            try? output.fileHandleForWriting.close()
            try? errors.fileHandleForWriting.close()
            // The reader goes away before anything is written.
            try? output.fileHandleForReading.close()
            let stderrText = PipeReader(errors.fileHandleForReading)
            let status = try #require(await child.waitForExit(within: .seconds(30)))
            #expect(status == 141)
            #expect(await stderrText.finished() == "")
            #expect(!FileManager.default.fileExists(atPath: "/dev/shm/mongoc-\(child.pid)"))
        }
    }

    /// A session ended by SIGTERM (a service manager, `kill`) or SIGHUP (its terminal closed)
    /// runs no exit handler; libmongoc's /dev/shm/mongoc-<pid> counters must not stay behind.
    @Test(arguments: [SIGTERM, SIGHUP])
    func aSessionEndedByASignalLeavesNoCounterFile(signal: Int32) async throws {
        let url = try CLITestServers.requireMongo()
        try await withSandbox { sandbox in
            var environment = sandbox.environment
            environment["MONGOC_DISABLE_SHM"] = nil  // the counters this test is about
            let (input, output) = (Pipe(), Pipe())
            let child = try ChildProcess(
                executable: SwitchyardBinary.path, arguments: ["docs=\(url)"], environment: environment, directory: sandbox.directory,
                stdin: .descriptor(input.fileHandleForReading.fileDescriptor),
                stdout: .descriptor(output.fileHandleForWriting.fileDescriptor))
            try? input.fileHandleForReading.close()
            try? output.fileHandleForWriting.close()
            let stdoutText = PipeReader(output.fileHandleForReading)
            // Once a statement has answered, the session is up and waits for the next line.
            PipeReader.writeAll(Array("db.runCommand({ping: 1})\n".utf8), to: input.fileHandleForWriting.fileDescriptor)
            let clock = ContinuousClock()
            let start = clock.now
            while !stdoutText.text.contains("(1 row)"), clock.now - start < .seconds(20) { try await Task.sleep(for: .milliseconds(20)) }
            #expect(stdoutText.text.contains("(1 row)"), "\(stdoutText.text)")
            child.send(signal)
            let status = try #require(await child.waitForExit(within: .seconds(30)))
            try? input.fileHandleForWriting.close()
            #expect(status == 128 + signal)
            #expect(!FileManager.default.fileExists(atPath: "/dev/shm/mongoc-\(child.pid)"))
        }
    }

    @Test func countDocumentsPrintsTheCount() async throws {
        let result = try await run("count") { c in Self.seed(c) + ["-c", "db.\(c).countDocuments({age: {$gt: 30}})"] }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(" 2\n(1 row)"), "\(result.stdout)")
    }

    @Test func showCollectionsListsTheCollection() async throws {
        let collection = CLITestServers.uniqueName("show")
        let result = try await run(collection: collection) { c in Self.seed(c) + ["-c", "show collections"] }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(" \(collection)\n"), "\(result.stdout)")
    }

    @Test func aParseErrorNamesThePositionWithACaret() async throws {
        let result = try await run("parse") { c in ["-c", "db.\(c).find({n: {$gt: }})"] }
        #expect(result.status == 1)
        #expect(result.stderr.contains("position"), "\(result.stderr)")
        #expect(result.stderr.contains("LINE 1: db."))
        #expect(result.stderr.contains("^"))
    }

    @Test func pipedStatementsSpanLinesWithoutSemicolons() async throws {
        let url = try CLITestServers.requireMongo()
        let c = CLITestServers.uniqueName("piped")
        try await withSandbox { sandbox in
            let script = """
                db.\(c).insertOne({
                  name: 'Ann',
                  age: 31
                })
                db.\(c).insertOne({name: 'Bo', age: 45});
                db.\(c).find(
                  {age: {$gt: 40}},
                  {_id: 0}
                )
                """
            let result = try await sandbox.run(["docs=\(url)"], stdin: script + "\n")
            _ = try await sandbox.run(["docs=\(url)", "-c", "db.\(c).drop()"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains(" Bo "))
            #expect(!result.stdout.contains(" Ann "))
            #expect(result.stdout.hasSuffix("(1 row)\n"))
        }
    }

    @Test func aSQLiteSessionSendsAtNameStatementsToMongoInMongosh() async throws {
        let url = try CLITestServers.requireMongo()
        let c = CLITestServers.uniqueName("mixed")
        try await withSandbox { sandbox in
            let result = try await sandbox.run([
                "local=sqlite:local.db", "docs=\(url)",
                "-c", "SELECT 'from-sqlite' AS origin;",
                "-c", "@docs db.\(c).insertOne({origin: 'from-mongo'})",
                "-c", "@docs db.\(c).find({}, {_id: 0})",
            ])
            _ = try await sandbox.run(["docs=\(url)", "-c", "db.\(c).drop()"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("from-sqlite"))
            #expect(result.stdout.contains("from-mongo"))
        }
    }

    @Test func listAndDescribeShowCollectionsAndTheirFields() async throws {
        let collection = CLITestServers.uniqueName("catalog")
        let result = try await run(collection: collection) { c in Self.seed(c) + ["-c", "\\dt", "-c", "\\d \(c)"] }
        #expect(result.status == 0, "\(result.stderr)")
        let listed = result.stdout.split(separator: "\n").first { $0.hasPrefix(" \(collection) ") }
        #expect(listed?.contains("| collection |") == true, "\(result.stdout)")
        #expect(result.stdout.contains("Collection \(collection)"))
        for field in ["_id", "name", "age", "tags", "address"] { #expect(result.stdout.contains(" \(field) "), "\(field)") }
    }

    @Test func readOnlyRefusesInsertOne() async throws {
        let result = try await run("readonly", before: ["--read-only"]) { c in
            ["-c", "db.\(c).insertOne({name: 'x'})", "-c", "db.\(c).countDocuments({})"]
        }
        #expect(result.status == 1)
        #expect(result.stderr.contains("read-only"), "\(result.stderr)")
        #expect(result.stdout.contains(" 0\n(1 row)"), "\(result.stdout)")
    }
}

/// mongosh at a terminal: completion of collections and the continuation prompt.
@Suite(.serialized, .enabled(if: CLITestServers.mongoAvailable, CLITestServers.mongoMissing))
struct InteractiveMongoTests {
    @Test func tabCompletesACollectionAndABracketOpenOverLinesContinues() async throws {
        let url = try CLITestServers.requireMongo()
        let collection = CLITestServers.uniqueName("tab")
        let fixture = try await InteractiveREPLFixture()
        let setup = try PTYProcess(
            executable: try InteractiveREPLFixture.binary(),
            arguments: ["docs=\(url)", "-c", "db.\(collection).insertOne({flavour: 'mint'})"], environment: fixture.environment)
        #expect(try await setup.waitForExit() == 0)
        let session = try PTYProcess(
            executable: try InteractiveREPLFixture.binary(), arguments: ["docs=\(url)"], environment: fixture.environment)
        try await session.expect("docs=> ")
        session.send("db.\(collection.dropLast(3))\t")
        try await session.expect("db.\(collection)")
        session.send(".find({\r")
        try await session.expect("docs-> ")
        session.send("fla\t")
        try await session.expect("flavour")
        session.send(": 'mint'}, {_id: 0})\r")
        try await session.expect("(1 row)")
        session.send("db.\(collection).drop()\r")
        try await session.expect("(1 row)")
        session.send("\\q\r")
        _ = try await session.waitForExit()
    }
}
