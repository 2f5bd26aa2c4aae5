import Foundation
import Switchyard
import SwitchyardSQLite
import Testing

/// A fresh directory under the system temp directory for one test's database files.
struct SQLiteScratchDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "switchyard-sqlite-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    /// `sqlite:///…/name[?options]`, or `sqlite::memory:[?options]` for `:memory:`.
    func url(_ name: String = "test.db", _ options: String = "") -> String {
        (name == ":memory:" ? "sqlite::memory:" : "sqlite://" + file(name)) + (options.isEmpty ? "" : "?" + options)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Opens a backend on a database file in a fresh directory, runs `body`, then shuts the
/// backend down and deletes the directory.
func withSQLiteBackend<T>(
    _ file: String = "test.db", options: String = "", name: String = "local",
    _ body: (SQLiteBackend, SQLiteScratchDirectory) async throws -> T
) async throws -> T {
    let directory = try SQLiteScratchDirectory()
    defer { directory.remove() }
    let backend = try await SQLiteBackend.open(name: name, url: directory.url(file, options))
    do {
        let result = try await body(backend, directory)
        await backend.shutdown()
        return result
    } catch {
        await backend.shutdown()
        throw error
    }
}

/// The error `body` throws, as a ``SwitchyardError``; records an issue when it throws none.
func sqliteError(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async -> SwitchyardError? {
    do {
        try await body()
        Issue.record("expected an error", sourceLocation: sourceLocation)
        return nil
    } catch let error as SwitchyardError {
        return error
    } catch {
        Issue.record("expected a SwitchyardError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

extension QueryExecutor {
    /// The values of every row, for small results.
    func values(_ sql: String, _ bindings: [Value] = []) async throws -> [[Value]] {
        try await query(sql, bindings).collect().map(\.values)
    }

    /// The single value of a one-row, one-column result.
    func scalar(_ sql: String, _ bindings: [Value] = []) async throws -> Value {
        let rows = try await values(sql, bindings)
        guard rows.count == 1, rows[0].count == 1 else {
            throw SwitchyardError(.invalidInput, "expected one value from \(sql), got \(rows)")
        }
        return rows[0][0]
    }
}
