import Foundation
import Testing
@testable import SwitchyardREPL

@Suite("Line editing: persistent history")
struct LineEditingHistoryFileTests {
    /// A fresh directory per test, removed afterwards.
    private final class TemporaryDirectory {
        let path: String
        init() throws {
            path = NSTemporaryDirectory() + "switchyard-history-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        func file(_ name: String) -> String { path + "/" + name }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    @Test func entriesAddedInOneSessionAreLoadedInTheNext() throws {
        let directory = try TemporaryDirectory()
        let file = HistoryFile(path: directory.file("history"))
        var first = LineHistory(file: file, maxEntries: 100)
        first.add("SELECT 1;")
        first.add("\\dt")
        let second = LineHistory(file: file, maxEntries: 100)
        #expect(second.entries == ["SELECT 1;", "\\dt"])
    }

    @Test func theFileAndItsMissingDirectoryAreCreatedPrivate() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("switchyard/deeper/history")
        var history = LineHistory(file: HistoryFile(path: path), maxEntries: 10)
        history.add("SELECT 1;")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let parent = try FileManager.default.attributesOfItem(atPath: directory.file("switchyard/deeper"))
        #expect((parent[.posixPermissions] as? NSNumber)?.intValue == 0o700)
    }

    @Test func multiLineEntriesAndBackslashesComeBackExactly() throws {
        let directory = try TemporaryDirectory()
        let file = HistoryFile(path: directory.file("history"))
        let entries = ["SELECT 'a\\nb'\nFROM t\r\nWHERE x = '\\\\';", "\\d orders", "trailing \\"]
        var history = LineHistory(file: file, maxEntries: 10)
        for entry in entries { history.add(entry) }
        #expect(try String(contentsOfFile: file.path, encoding: .utf8).split(separator: "\n").count == 3)
        #expect(LineHistory(file: file, maxEntries: 10).entries == entries)
    }

    @Test func blankEntriesAndConsecutiveDuplicatesAreSkipped() throws {
        let directory = try TemporaryDirectory()
        let file = HistoryFile(path: directory.file("history"))
        var history = LineHistory(file: file, maxEntries: 10)
        for entry in ["SELECT 1;", "SELECT 1;", "  ", "", "\n", "SELECT 2;", "SELECT 1;"] { history.add(entry) }
        #expect(history.entries == ["SELECT 1;", "SELECT 2;", "SELECT 1;"])
        #expect(LineHistory(file: file, maxEntries: 10).entries == history.entries)
    }

    @Test func onlyTheNewestMaxEntriesAreKeptInMemoryAndOnDisk() throws {
        let directory = try TemporaryDirectory()
        let file = HistoryFile(path: directory.file("history"))
        var big = LineHistory(file: file, maxEntries: 100)
        for number in 1...30 { big.add("SELECT \(number);") }
        let small = LineHistory(file: file, maxEntries: 5)
        #expect(small.entries == (26...30).map { "SELECT \($0);" })
        // Loading compacted the file to the entries kept.
        #expect(file.load() == small.entries)
        var growing = small
        for number in 31...45 { growing.add("SELECT \(number);") }
        #expect(growing.entries == (41...45).map { "SELECT \($0);" })
        #expect(file.load().count <= 10)
    }

    @Test func aMissingFileStartsEmpty() throws {
        let directory = try TemporaryDirectory()
        #expect(LineHistory(file: HistoryFile(path: directory.file("none")), maxEntries: 10).entries.isEmpty)
    }

    @Test func aCorruptFileStartsEmptyWithoutCrashing() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("history")
        try Data([0x53, 0x45, 0xFF, 0xFE, 0x0A, 0x00, 0xC3]).write(to: URL(fileURLWithPath: path))
        var history = LineHistory(file: HistoryFile(path: path), maxEntries: 10)
        #expect(history.entries.isEmpty)
        history.add("SELECT 1;")
        #expect(history.entries == ["SELECT 1;"])
    }

    @Test func anUnreadableHistoryPathStartsEmptyAndAddingStillWorksInMemory() throws {
        let directory = try TemporaryDirectory()
        // A directory where the file should be: cannot be read or appended to.
        let path = directory.file("history")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var history = LineHistory(file: HistoryFile(path: path), maxEntries: 10)
        #expect(history.entries.isEmpty)
        history.add("SELECT 1;")
        #expect(history.entries == ["SELECT 1;"])
    }

    @Test func escapingRoundTrips() {
        for text in ["", "a\\b", "\\n", "line1\nline2", "\r\n", "\\", "é漢😀"] {
            #expect(HistoryFile.unescape(HistoryFile.escape(text)) == text)
            #expect(!HistoryFile.escape(text).contains("\n"))
        }
    }

    @Test func lineEditorAddHistoryWritesTheFileBeforeTheNextRead() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("history")
        let editor = LineEditor(historyFile: path, completer: nil)
        editor.addHistory("SELECT 42;")
        // Work queued after the add runs after it, on the editor's thread.
        #expect(await editor.historyEntries() == ["SELECT 42;"])
        #expect(HistoryFile(path: path).load() == ["SELECT 42;"])
    }
}
