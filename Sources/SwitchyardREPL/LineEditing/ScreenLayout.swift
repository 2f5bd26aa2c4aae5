/// Where text lands on a terminal of a given width: which row and column each character starts in.
///
/// Mirrors what xterm-compatible terminals do: a character that does not fit in the rest of the row
/// (a wide character in the last column, or any character after the row is full) starts the next row,
/// and a full row leaves the cursor "pending" at the right margin until something more is written.
struct ScreenLayout: Sendable {
    struct Position: Sendable, Equatable {
        var row: Int
        var column: Int
    }

    let columns: Int
    private(set) var row = 0
    /// May equal ``columns``: the row is full and the next character wraps.
    private(set) var column = 0

    init(columns: Int) {
        self.columns = max(columns, 1)
    }

    /// Where the next character of `width` columns will start.
    func start(ofWidth width: Int) -> Position {
        if column + width > columns && column > 0 { return Position(row: row + 1, column: 0) }
        return Position(row: row, column: column)
    }

    /// Where the cursor is shown when it sits here (a full row shows it at the start of the next).
    var cursor: Position {
        column >= columns ? Position(row: row + 1, column: 0) : Position(row: row, column: column)
    }

    /// True when the last row is exactly full, so the terminal has not moved to the next row yet.
    var isPendingWrap: Bool { column >= columns }

    mutating func place(width: Int) {
        let position = start(ofWidth: width)
        row = position.row
        column = position.column + width
    }

    mutating func newline() {
        row += 1
        column = 0
    }
}
