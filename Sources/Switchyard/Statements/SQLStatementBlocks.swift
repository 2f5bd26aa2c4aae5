/// Whether a `;` ends the statement being read, or belongs to a body made of statements.
///
/// Two statements hold such bodies: SQLite's `CREATE TRIGGER … BEGIN …; END` and PostgreSQL's
/// `CREATE FUNCTION` or `CREATE PROCEDURE … BEGIN ATOMIC …; END`. In those (and only those) psql's
/// rule applies: outside parentheses, `BEGIN` opens a block, `CASE` opens one inside a block (it
/// too ends with `END`), and `END` closes one; a `;` inside a block does not end the statement. A
/// PostgreSQL trigger, which has no body, ends at its first `;` like any other statement.
///
/// Whoever splits text into statements hands it the words and parentheses outside strings and
/// comments (``SQLTokenizer`` tells them apart), asks ``semicolonEnds`` at each `;`, and starts a
/// new one for the next statement:
///
/// ```swift
/// var blocks = SQLStatementBlocks()
/// for word in ["CREATE", "FUNCTION", "f", "BEGIN", "ATOMIC", "SELECT", "1"] { blocks.see(word: word) }
/// blocks.semicolonEnds  // false: the `;` after SELECT 1 is the body's
/// blocks.see(word: "END")
/// blocks.semicolonEnds  // true
/// ```
public struct SQLStatementBlocks: Sendable {
    private enum Opening: Sendable {
        /// No word yet.
        case start
        /// `CREATE`, maybe followed by words such as `OR REPLACE` or `TEMP`.
        case create
        /// `CREATE … TRIGGER`, `FUNCTION` or `PROCEDURE`: blocks count.
        case withBody
        /// Any other statement.
        case plain
    }

    private static let modifiers: Set = ["OR", "REPLACE", "TEMP", "TEMPORARY", "CONSTRAINT"]
    private static let withBody: Set = ["TRIGGER", "FUNCTION", "PROCEDURE"]

    private var opening = Opening.start
    /// Blocks open now.
    private var depth = 0
    private var parentheses = 0

    /// Tracks a statement from its first word.
    public init() {}

    /// Whether a `;` seen now ends the statement.
    public var semicolonEnds: Bool { depth == 0 }

    /// False once the statement is known to hold no body: further words change nothing, so a
    /// caller may stop handing them over.
    public var watchesWords: Bool { opening != .plain }

    /// Takes the next word (keyword or name) of the statement.
    public mutating func see(word: Substring) {
        switch opening {
        case .plain:
            return
        case .start:
            opening = word.uppercased() == "CREATE" ? .create : .plain
        case .create:
            let upper = word.uppercased()
            if Self.withBody.contains(upper) {
                opening = .withBody
            } else if !Self.modifiers.contains(upper) {
                opening = .plain
            }
        case .withBody:
            guard parentheses == 0 else { return }
            switch word.uppercased() {
            case "BEGIN": depth += 1
            case "CASE" where depth > 0: depth += 1
            case "END" where depth > 0: depth -= 1
            default: break
            }
        }
    }

    /// Takes a punctuation character of the statement; only parentheses matter.
    public mutating func see(punctuation: Substring) {
        guard opening == .withBody else { return }
        if punctuation == "(" { parentheses += 1 }
        if punctuation == ")" { parentheses = max(0, parentheses - 1) }
    }
}
