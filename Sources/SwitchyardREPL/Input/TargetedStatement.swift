/// A statement as typed, split into an optional `@name` target and the text to run.
///
/// `@archive SELECT count(*) FROM orders;` runs on backend `archive` whatever the
/// current backend is. The final `;` is dropped: it ends the statement in the REPL
/// and is not part of what the database sees.
public struct TargetedStatement: Sendable, Hashable {
    /// The backend named with `@`, if any.
    public var target: String?
    /// The statement text without the `@name` prefix and the final `;`.
    public var text: String

    public init(parsing input: String) {
        var text = input.trimmingWhitespace()
        var target: String?
        if text.hasPrefix("@") {
            let name = text.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            let rest = text.dropFirst(1 + name.count)
            if !name.isEmpty, rest.isEmpty || rest.first?.isWhitespace == true {
                target = String(name)
                text = String(rest)
            }
        }
        text = text.trimmingWhitespace()
        while text.hasSuffix(";") {
            text.removeLast()
            text = text.trimmingWhitespace()
        }
        self.target = target
        self.text = text
    }
}
