/// A statement as typed, split into optional `@name` targets and the text to run.
///
/// `@archive SELECT count(*) FROM orders;` runs on backend `archive` whatever the
/// current backend is; `@main,archive SELECT …;` fans out to both, and the rows come
/// back with a `backend` column naming their source. The final `;` is dropped: it
/// ends the statement in the REPL and is not part of what the database sees.
public struct TargetedStatement: Sendable, Hashable {
    /// The backends named with `@`, in order; empty when none was named.
    public var targets: [String]
    /// The statement text without the `@name` prefix and the final `;`.
    public var text: String

    /// The first backend named with `@`, if any.
    public var target: String? { targets.first }

    /// Splits `input` into its `@name` (or `@a,b`) targets and the text to run, trimming whitespace and
    /// trailing `;`s. An `@` not followed by a valid name list and then whitespace, nothing, or nothing
    /// but `;` (`@main;`: no statement) is left in the text.
    public init(parsing input: String) {
        var text = input.trimmingWhitespace()
        var targets: [String] = []
        if text.hasPrefix("@") {
            let list = text.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "," }
            let names = list.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let rest = text.dropFirst(1 + list.count)
            let nothingFollows = rest.allSatisfy { $0 == ";" || $0.isWhitespace }
            if !names.contains(where: \.isEmpty), nothingFollows || rest.first?.isWhitespace == true {
                targets = names
                text = String(rest)
            }
        }
        text = text.trimmingWhitespace()
        while text.hasSuffix(";") {
            text.removeLast()
            text = text.trimmingWhitespace()
        }
        self.targets = targets
        self.text = text
    }
}
