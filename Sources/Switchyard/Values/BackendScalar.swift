/// A scalar that only some backends have, carried as a type tag and the backend's
/// canonical text for it (for example `objectId` / `"507f1f77bcf86cd799439011"`).
///
/// The owning adapter parses the text back when the value is bound, so the
/// round-trip is lossless; other backends bind it as text.
public struct BackendScalar: Sendable, Hashable, CustomStringConvertible {
    /// The two strings, behind one reference: inline they would make every ``Value`` 40
    /// bytes instead of 24 (its largest other payloads are a `String` and a `UUID`), and
    /// every row's buffer, copy and scan with them. Copy on write, like the strings.
    private final class Storage: Sendable {
        let type: String
        let text: String

        init(type: String, text: String) {
            self.type = type
            self.text = text
        }
    }

    private var storage: Storage

    /// Creates a scalar of backend type `type` from the backend's canonical `text` for it.
    public init(type: String, text: String) {
        storage = Storage(type: type, text: text)
    }

    /// The type tag, such as `objectId`, `interval`, `inet` or `regex`.
    public var type: String {
        get { storage.type }
        set { storage = Storage(type: newValue, text: storage.text) }
    }

    /// The canonical text form the owning backend accepts back.
    public var text: String {
        get { storage.text }
        set { storage = Storage(type: storage.type, text: newValue) }
    }

    public var description: String { text }

    public static func == (a: BackendScalar, b: BackendScalar) -> Bool {
        a.storage === b.storage || (a.type == b.type && a.text == b.text)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(text)
    }
}
