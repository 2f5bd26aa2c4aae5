import Foundation
import Switchyard

/// The embedded default: a SQLite demo database that `switchyard` opens when given no
/// backend, so a newcomer can explore at once.
///
/// It is built on first run in a temporary file next to its final place and renamed
/// into place only when complete, so an interrupted first run never leaves a
/// half-built demo behind: the next run simply builds it again.
struct DemoDatabase {
    /// Where the demo lives.
    let path: String

    init(directory: DataDirectory = DataDirectory()) {
        path = (directory.path as NSString).appendingPathComponent("demo.db")
    }

    /// The backend URL for the demo.
    var url: String { "sqlite://" + path }

    /// Builds the demo unless it exists. Returns whether it was built now.
    func createIfMissing(drivers: DriverRegistry) async throws -> Bool {
        if FileManager.default.fileExists(atPath: path) { return false }
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw SwitchyardError(.invalidInput, "cannot create the data directory '\(directory)': \(error.localizedDescription)")
        }
        Self.removeAbandonedBuilds(in: directory)
        let temporary = (directory as NSString).appendingPathComponent(".demo-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0 ... .max)).db")
        defer { Self.removeDatabaseFiles(at: temporary) }
        let backend = try await drivers.makeBackend(name: "demo", url: "sqlite://" + temporary)
        do {
            try await fill(backend)
            // Move everything from a write-ahead log into the file itself: only the file is renamed.
            _ = try await backend.query("PRAGMA wal_checkpoint(TRUNCATE)").summary()
            await backend.shutdown()
        } catch {
            await backend.shutdown()
            throw error
        }
        // rename(2) is atomic: readers see either no demo or the whole demo.
        guard rename(temporary, path) == 0 else {
            if FileManager.default.fileExists(atPath: path) { return false }  // another first run won the race
            throw SwitchyardError(.invalidInput, "cannot move the demo database into '\(path)': \(String(cString: strerror(errno)))")
        }
        return true
    }

    private func fill(_ backend: any Backend) async throws {
        var data = DemoData()
        let tables = data.tables()
        try await backend.withTransaction { transaction in
            for statement in DemoSchema.statements { _ = try await transaction.query(Statement(statement)).summary() }
            for table in tables { try await Self.insert(table, into: transaction) }
        }
    }

    /// Inserts rows in batches of multi-row `INSERT`s with bound values.
    private static func insert(_ table: DemoData.Table, into executor: any QueryExecutor) async throws {
        let perRow = "(" + Array(repeating: "?", count: table.columns.count).joined(separator: ", ") + ")"
        let batchSize = max(1, 900 / table.columns.count)  // stays under SQLite's historic limit of 999 parameters
        var start = 0
        while start < table.rows.count {
            let batch = table.rows[start..<min(start + batchSize, table.rows.count)]
            let text = "INSERT INTO \(table.name) (\(table.columns.joined(separator: ", "))) VALUES "
                + Array(repeating: perRow, count: batch.count).joined(separator: ", ")
            _ = try await executor.query(Statement(text, batch.flatMap { $0 })).summary()
            start += batchSize
        }
    }

    /// Deletes temporary files an interrupted first run left behind (older than ten minutes,
    /// so a build running right now in another process is left alone).
    private static func removeAbandonedBuilds(in directory: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasPrefix(".demo-") {
            let path = (directory as NSString).appendingPathComponent(name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
            if let modified, modified < Date(timeIntervalSinceNow: -600) { unlink(path) }
        }
    }

    private static func removeDatabaseFiles(at path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
    }
}
