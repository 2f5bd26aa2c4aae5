import Switchyard

/// A kind of ``Value`` a backend can store in a column or field.
///
/// A fixture declares the kinds its backend round-trips; the suite runs one
/// round-trip check per kind and skips the kinds a fixture leaves out (SQLite has
/// no array type, PostgreSQL has no document order…), so one suite fits every backend.
public enum ValueKind: String, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    case bool, int, double, decimal, text, bytes, date, time, timestamp, uuid, document, array

    public var description: String { rawValue }
}
