/// A scalar that only some backends have, carried as a type tag and the backend's
/// canonical text for it (for example `objectId` / `"507f1f77bcf86cd799439011"`).
///
/// The owning adapter parses the text back when the value is bound, so the
/// round-trip is lossless; other backends bind it as text.
public struct BackendScalar: Sendable, Hashable, CustomStringConvertible {
    /// The type tag, such as `objectId`, `interval`, `inet` or `regex`.
    public var type: String
    /// The canonical text form the owning backend accepts back.
    public var text: String

    public init(type: String, text: String) {
        self.type = type
        self.text = text
    }

    public var description: String { text }
}
