import Switchyard

/// The statements prepared on one connection, by text; the least recently used is
/// evicted (and deallocated on the server) when the cache is full.
///
/// One text may be prepared more than once when it is bound with values of
/// different types (`bigint` once, `numeric` another time): each variant is kept.
/// Confined to the connection's thread, so it needs no lock.
final class PostgresStatementCache {
    private struct Entry {
        var statement: PostgresPreparedStatement
        var lastUse: UInt64
    }

    let capacity: Int
    /// Names of column types outside ``PostgresType``, asked of the server once.
    var typeNames: [PostgresType.OID: String] = [:]
    // Confined (above): the fields a lookup reads and stamps skip the run-time exclusivity check.
    @exclusivity(unchecked) private var entries: [String: [Entry]] = [:]
    private var count = 0
    @exclusivity(unchecked) private var clock: UInt64 = 0
    private var lastName = 0
    /// Where the variant found last is (`nil` after any change to the entries, which may move
    /// it): a loop running one statement finds it again by comparing the text, without hashing it.
    @exclusivity(unchecked) private var recent: (text: String, slot: Dictionary<String, [Entry]>.Index, variant: Int)?

    init(capacity: Int) { self.capacity = capacity }

    var isEnabled: Bool { capacity > 0 }

    /// The prepared variant of `text` that `values` can be bound to.
    func lookup(_ text: String, for values: [Value]) -> PostgresPreparedStatement? {
        if let recent, recent.text == text, entries.values[recent.slot][recent.variant].statement.accepts(values) {
            return use(recent.slot, recent.variant)
        }
        // One hash of the text, and the use stamped in place: copying the variants out and
        // storing them back hashed twice and copied the array on every statement.
        guard let slot = entries.index(forKey: text),
            let index = entries.values[slot].firstIndex(where: { $0.statement.accepts(values) })
        else { return nil }
        recent = (text, slot, index)
        return use(slot, index)
    }

    private func use(_ slot: Dictionary<String, [Entry]>.Index, _ variant: Int) -> PostgresPreparedStatement {
        clock += 1
        entries.values[slot][variant].lastUse = clock
        return entries.values[slot][variant].statement
    }

    /// A name no statement on this connection has had.
    func makeName() -> String {
        lastName += 1
        return "sy_\(lastName)"
    }

    /// Adds `statement`; returns those evicted to make room, to deallocate.
    func insert(_ statement: PostgresPreparedStatement) -> [PostgresPreparedStatement] {
        clock += 1
        recent = nil
        entries[statement.text, default: []].append(Entry(statement: statement, lastUse: clock))
        count += 1
        var evicted: [PostgresPreparedStatement] = []
        while count > capacity, let oldest = oldestEntry() {
            evicted.append(oldest)
            remove(named: oldest.name, text: oldest.text)
        }
        return evicted
    }

    /// Forgets the statement called `name` (after the server dropped or invalidated it).
    func remove(named name: String, text: String) {
        guard var variants = entries[text], let index = variants.firstIndex(where: { $0.statement.name == name }) else { return }
        recent = nil
        variants.remove(at: index)
        count -= 1
        entries[text] = variants.isEmpty ? nil : variants
    }

    /// Forgets everything (after `DISCARD ALL` or `DEALLOCATE ALL`).
    func removeAll() {
        entries.removeAll()
        recent = nil
        count = 0
    }

    private func oldestEntry() -> PostgresPreparedStatement? {
        var oldest: Entry?
        for variants in entries.values {
            for entry in variants {
                if let current = oldest, current.lastUse <= entry.lastUse { continue }
                oldest = entry
            }
        }
        return oldest?.statement
    }
}
