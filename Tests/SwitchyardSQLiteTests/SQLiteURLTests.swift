import Foundation
import Switchyard
import SwitchyardSQLite
import Testing

@Suite("SQLite URLs")
struct SQLiteURLTests {
    @Test func absolutePathURLOpensThatFile() async throws {
        let directory = try SQLiteScratchDirectory()
        defer { directory.remove() }
        let backend = try await SQLiteBackend.open(name: "abs", url: "sqlite://" + directory.file("abs.db"))
        try await backend.execute("CREATE TABLE t (x)")
        await backend.shutdown()
        #expect(backend.path == directory.file("abs.db"))
        #expect(FileManager.default.fileExists(atPath: directory.file("abs.db")))
    }

    @Test func relativePathIsResolvedAgainstTheCurrentDirectory() throws {
        let location = try SQLiteLocation(url: BackendURL("sqlite:data/app.db"))
        #expect(location == .file("data/app.db"))
        #expect(location.openPath(relativeTo: "/srv/work") == "/srv/work/data/app.db")
        #expect(location.openPath().hasPrefix(FileManager.default.currentDirectoryPath))
    }

    @Test func memoryURLOpensOneSharedConnection() async throws {
        let backend = try await SQLiteBackend.open(name: "mem", url: "sqlite::memory:")
        try await backend.execute("CREATE TABLE t (x)")
        try await backend.execute("INSERT INTO t VALUES (1)")
        // A read sees the table: every statement runs on the same in-memory connection.
        #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(1))
        #expect(!backend.capabilities.supports(.concurrentReads))
        await backend.shutdown()
    }

    @Test func fileBackendsDeclareConcurrentReads() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            #expect(backend.capabilities.supports(.concurrentReads))
            #expect(backend.capabilities.supports(.readOnlyEnforcement))
            #expect(backend.capabilities.languages == [.sql])
            #expect(backend.capabilities.sqlDialect?.name == "sqlite")
        }
    }

    @Test(arguments: [
        ("sqlite:///var/data/app.db", "app"),
        ("sqlite:reports/2024.sales.db", "2024.sales"),
        ("sqlite:plain", "plain"),
        ("sqlite::memory:", "memory"),
    ])
    func defaultNameIsTheFileBaseName(url: String, name: String) throws {
        #expect(SQLiteDriver().defaultName(for: try BackendURL(url)) == name)
    }

    @Test func driverServesTheSQLiteScheme() async throws {
        #expect(SQLiteDriver().schemes == ["sqlite"])
        let directory = try SQLiteScratchDirectory()
        defer { directory.remove() }
        let drivers = DriverRegistry([SQLiteDriver()])
        let backend = try await drivers.makeBackend(url: directory.url("inventory.db"))
        #expect(backend.name == "inventory")
        #expect(backend is SQLiteBackend)
        await backend.shutdown()
    }

    @Test func optionsAreReadFromTheQueryString() throws {
        let options = try SQLiteOptions(url: BackendURL("sqlite:a.db?mode=ro&busy_timeout=250&readers=2&cache_size=8"))
        #expect(options == SQLiteOptions(mode: .readOnly, busyTimeoutMilliseconds: 250, readerCount: 2, statementCacheSize: 8))
        #expect(try SQLiteOptions(url: BackendURL("sqlite:a.db?readonly=true")).mode == .readOnly)
        #expect(try SQLiteOptions(url: BackendURL("sqlite:a.db")) == SQLiteOptions())
    }

    @Test func readerCountSetsTheNumberOfReaderConnections() async throws {
        try await withSQLiteBackend(options: "readers=2") { backend, _ async throws in
            #expect(backend.readerCount == 2)
        }
    }

    @Test(arguments: [
        ("sqlite://host/app.db", "names a host"),
        ("sqlite:", "names no database file"),
        ("sqlite:///tmp/dir/", "names a directory"),
        ("sqlite:a.db?mode=readonly", "mode=readonly is not a SQLite open mode"),
        ("sqlite:a.db?readonly=maybe", "readonly=maybe is not true or false"),
        ("sqlite:a.db?busy_timeout=soon", "busy_timeout=soon is not a whole number"),
        ("sqlite:a.db?readers=0", "readers=0 is not a whole number from 1"),
        ("sqlite:a.db?cache_size=-1", "cache_size=-1 is not a whole number"),
        ("sqlite:a.db?journal=wal", "unknown SQLite URL option 'journal'"),
    ])
    func malformedURLIsInvalidInputNamingTheProblem(url: String, problem: String) async throws {
        let error = await sqliteError { _ = try await SQLiteBackend.open(name: "bad", url: url) }
        #expect(error?.kind == .invalidInput)
        #expect(error?.message.contains(problem) == true, "\(error?.message ?? "")")
        #expect(error?.backend == "bad")
    }

    @Test func fileThatCannotBeOpenedIsAConnectionErrorWithSQLitesMessage() async throws {
        let directory = try SQLiteScratchDirectory()
        defer { directory.remove() }
        let missing = directory.file("no/such/dir/app.db")
        let error = await sqliteError { _ = try await SQLiteBackend.open(name: "app", url: "sqlite://" + missing) }
        #expect(error?.kind == .connection)
        #expect(error?.message.contains(missing) == true)
        #expect(error?.message.contains("unable to open database file") == true)
        #expect(error?.code == "SQLITE_CANTOPEN (14)")
    }

    @Test func readWriteModeRefusesToCreateTheFile() async throws {
        let directory = try SQLiteScratchDirectory()
        defer { directory.remove() }
        let error = await sqliteError { _ = try await SQLiteBackend.open(name: "app", url: directory.url("new.db", "mode=rw")) }
        #expect(error?.kind == .connection)
        #expect(!FileManager.default.fileExists(atPath: directory.file("new.db")))
    }

    @Test func fileThatIsNotADatabaseIsRefusedAtOpen() async throws {
        let directory = try SQLiteScratchDirectory()
        defer { directory.remove() }
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: directory.file("junk.db")))
        let error = await sqliteError { _ = try await SQLiteBackend.open(name: "junk", url: directory.url("junk.db")) }
        #expect(error?.kind == .connection)
        #expect(error?.message.contains("file is not a database") == true)
        #expect(error?.code == "SQLITE_NOTADB (26)")
    }
}
