import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Switchyard
import SwitchyardREPL

/// The `switchyard` executable: parses arguments, wires drivers, backends, router and
/// processors through ``SwitchyardRuntime``, then runs the REPL or the given scripts.
///
/// Exit status: 0 when everything succeeded, 1 when a statement or command failed,
/// 2 for usage errors (bad arguments, a bad URL, a missing configuration file, a
/// backend that cannot be opened), 130 when Ctrl-C stopped a script.
@main
struct SwitchyardCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "switchyard",
        abstract: "Explore and query several databases from one prompt.",
        discussion: """
            With no backend, switchyard opens a SQLite demo database, created on first run in \
            $XDG_DATA_HOME/switchyard (else ~/.local/share/switchyard).

            Backends are URLs, optionally named: local=sqlite:app.db, sqlite:///var/data/archive.db, \
            sqlite::memory:, main=postgres://user@host/db, docs=mongodb://host/db. Statements are in each \
            backend's language: SQL ends with ';', MongoDB takes mongosh statements (db.items.find({...})). \
            Prefix one with @NAME to send it to backend NAME. Type \\? at the prompt for the backslash commands.

            Exit status: 0 when all statements succeeded, 1 when one failed, 2 for a usage error, \
            130 when interrupted.
            """,
        version: version
    )

    @Argument(help: ArgumentHelp("Backends to open.", valueName: "[NAME=]URL"))
    var backends: [BackendArgument] = []

    @Option(name: .long, help: ArgumentHelp("Read backends and settings from a JSON configuration file.", valueName: "FILE"))
    var config: String?

    @Option(name: .customShort("c"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Run STATEMENT (or a backslash command) and exit. Repeatable.", valueName: "STATEMENT"))
    var command: [String] = []

    @Option(name: .customShort("f"), help: ArgumentHelp("Run the statements in FILE and exit. Repeatable; after any -c.", valueName: "FILE"))
    var file: [String] = []

    @Option(name: .long, help: ArgumentHelp("Result format: table, json, csv or markdown.", valueName: "FORMAT"))
    var format: String = OutputFormat.table.rawValue

    @Flag(name: .long, help: "Refuse every statement that writes.")
    var readOnly = false

    @Option(name: .long, help: ArgumentHelp("Show at most N rows per result (0: no limit).", valueName: "N"))
    var limit: Int?

    @Flag(name: .long, help: "Stop at the first failing statement (with -c, -f or piped input).")
    var bail = false

    @Option(name: .long, help: ArgumentHelp(
        "Stop a statement still running (or printing) after DURATION: 500ms, 30s, 2m.", valueName: "DURATION"))
    var timeout: String?

    /// `--timeout` read, once `validate()` has accepted it.
    var timeoutLimit: Duration? { timeout.flatMap { Duration(configurationText: $0) } }

    func validate() throws {
        guard OutputFormat(rawValue: format.lowercased()) != nil else {
            throw ValidationError("--format must be one of \(OutputFormat.names), not '\(format)'")
        }
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more, not \(limit)") }
        if let timeout, (timeoutLimit ?? .zero) <= .zero {
            throw ValidationError("--timeout must be a duration such as 500ms, 30s or 2m, not '\(timeout)'")
        }
    }

    /// Parses arguments with ArgumentParser, mapping its usage errors to exit status 2.
    static func main() async {
        removeMongocCounterFile()
        let command: SwitchyardCommand
        do {
            var parsed = try parseAsRoot()
            guard let ours = parsed as? SwitchyardCommand else {
                // `--help` and friends parse as ArgumentParser's own commands, which print and finish.
                try parsed.run()
                terminateProcess(0)
            }
            command = ours
        } catch {
            if exitCode(for: error) == .validationFailure {
                // The throwing write: a closed or interrupted stderr must not crash the process.
                try? FileHandle.standardError.write(contentsOf: Data((fullMessage(for: error) + "\n").utf8))
                terminateProcess(2)
            }
            exit(withError: error)
        }
        // A closed pipe (`switchyard … | head`) becomes a failed write the session notices,
        // not a signal that kills the process before libmongoc's exit handler removes its
        // /dev/shm/mongoc-<pid> counters.
        signal(SIGPIPE, SIG_IGN)
        let status = await command.launch()
        FileDescriptorOutput.standardOutput.flush()
        FileDescriptorOutput.standardError.flush()
        terminateProcess(status)
    }
}

/// Unlinks the shared memory libmongoc made for its counters when it was loaded
/// (`/dev/shm/mongoc-<pid>`), before anything else runs. Its mapping stays valid and the
/// counters keep counting; only the name goes, so nothing is left behind however the process
/// ends — SIGTERM, SIGHUP, `kill -9`, a crash — where libmongoc removes it at a normal exit
/// only. The file already exists by `main` (libmongoc initialises itself on load), so
/// setting `MONGOC_DISABLE_SHM` here would be too late. The cost: `mongoc-stat` cannot read a
/// `switchyard` process's counters.
private func removeMongocCounterFile() {
    _ = shm_unlink("/mongoc-\(getpid())")
}

/// Ends the process with `status`; named apart from the `exit` that ArgumentParser's
/// command types declare.
func terminateProcess(_ status: Int32) -> Never {
    #if canImport(Glibc)
    Glibc.exit(status)
    #else
    Darwin.exit(status)
    #endif
}
