/// The statements entered so far, newest last, kept in memory and (when a file is given) on disk.
///
/// Blank entries and an entry equal to the one before it are not recorded; only the newest
/// ``maxEntries`` are kept. The file is appended to on every ``add(_:)`` (so a crash loses nothing),
/// and compacted to the newest ``maxEntries`` when loaded and when it has grown to twice that.
struct LineHistory: Sendable {
    private(set) var entries: [String] = []
    let maxEntries: Int
    let file: HistoryFile?
    /// Entries in the file as far as this process knows, to decide when to compact it.
    private var fileEntryCount = 0

    /// Loads `file`, if any. A missing, unreadable or corrupt file gives an empty history.
    init(file: HistoryFile?, maxEntries: Int) {
        self.maxEntries = max(maxEntries, 0)
        self.file = self.maxEntries > 0 ? file : nil
        guard let file = self.file else { return }
        let stored = file.load()
        fileEntryCount = stored.count
        for entry in stored where Self.isRecordable(entry) && entry != entries.last {
            entries.append(entry)
        }
        if entries.count > self.maxEntries { entries.removeFirst(entries.count - self.maxEntries) }
        if stored.count > self.maxEntries { compact() }
    }

    /// Records `entry` (in memory and in the file). Returns false when it was skipped.
    @discardableResult
    mutating func add(_ entry: String) -> Bool {
        guard maxEntries > 0, Self.isRecordable(entry), entry != entries.last else { return false }
        entries.append(entry)
        if entries.count > maxEntries { entries.removeFirst(entries.count - maxEntries) }
        if let file {
            file.append(entry)
            fileEntryCount += 1
            if fileEntryCount > 2 * maxEntries { compact() }
        }
        return true
    }

    private mutating func compact() {
        if file?.rewrite(entries) == true { fileEntryCount = entries.count }
    }

    private static func isRecordable(_ entry: String) -> Bool {
        !entry.allSatisfy(\.isWhitespace)
    }
}
