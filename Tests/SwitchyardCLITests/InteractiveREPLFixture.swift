import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real `switchyard` binary run at a pseudo-terminal, against a SQLite database in a temporary
/// directory that also holds its data directory and history file.
final class InteractiveREPLFixture {
    let directory: String
    let databasePath: String
    let historyPath: String

    /// Creates the directory and a small database (customers, customer_notes, orders).
    init() async throws {
        directory = NSTemporaryDirectory() + "switchyard-pty-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        databasePath = directory + "/shop.db"
        historyPath = directory + "/history"
        let setup = try PTYProcess(
            executable: try Self.binary(),
            arguments: [
                "local=sqlite:\(databasePath)", "-c",
                """
                CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);
                CREATE TABLE customer_notes (customer_id INTEGER, note TEXT);
                CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER);
                INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace');
                """,
            ],
            environment: environment
        )
        let status = try await setup.waitForExit()
        try #require(status == 0, "setting up the database failed: \(setup.screenText)")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Everything the child sees: nothing inherited from the test run but PATH. libmongoc's
    /// shared-memory counters are off, as for the whole test run (scripts/test.sh): a session
    /// still running when its test ends is killed, which leaves its /dev/shm/mongoc-<pid> behind,
    /// and a later process given that pid then prints "Falling back to malloc for counters" on
    /// the terminal the tests read.
    var environment: [String: String] {
        [
            "PATH": "/usr/bin:/bin",
            "HOME": directory,
            "XDG_DATA_HOME": directory + "/data",
            "SWITCHYARD_HISTORY": historyPath,
            "TERM": "xterm",
            "LANG": "C.UTF-8",
            "MONGOC_DISABLE_SHM": "1",
        ]
    }

    /// Starts an interactive session on the database and waits for its first prompt.
    func startSession(columns: UInt16 = 100) async throws -> PTYProcess {
        let session = try PTYProcess(
            executable: try Self.binary(), arguments: ["local=sqlite:\(databasePath)"],
            environment: environment, columns: columns
        )
        try await session.expect("local=> ")
        return session
    }

    /// The `switchyard` executable built with the tests: next to the test binary
    /// (`.build/<triple>/debug/`), unless `SWITCHYARD_BINARY` names another one.
    static func binary() throws -> String {
        if let path = ProcessInfo.processInfo.environment["SWITCHYARD_BINARY"], !path.isEmpty { return path }
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // On platforms where the tests are a bundle, climb out of it.
        while directory.pathExtension == "xctest" || directory.lastPathComponent == "Contents"
            || directory.lastPathComponent == "MacOS" {
            directory.deleteLastPathComponent()
        }
        let path = directory.appendingPathComponent("switchyard").path
        try #require(FileManager.default.isExecutableFile(atPath: path), "no switchyard binary at \(path)")
        return path
    }
}

/// Local modes of the terminal as the child left them, read through the master side
/// (on Linux, termios requests on a pty master act on its slave).
struct TerminalModes {
    let canonical: Bool
    let echo: Bool
    let signals: Bool

    init?(master: Int32) {
        var settings = termios()
        guard tcgetattr(master, &settings) == 0 else { return nil }
        canonical = settings.c_lflag & tcflag_t(ICANON) != 0
        echo = settings.c_lflag & tcflag_t(ECHO) != 0
        signals = settings.c_lflag & tcflag_t(ISIG) != 0
    }

    /// Line editing by the terminal driver: what a shell expects back after the REPL exits.
    var isCooked: Bool { canonical && echo && signals }
    /// What the line editor uses while reading: no driver echo, line buffering or signal keys.
    var isRaw: Bool { !canonical && !echo && !signals }
}
