@testable import SwitchyardREPL

/// A minimal xterm-like screen, enough to check what the line renderer's output looks like:
/// printable characters with their display widths and autowrap (including the pending wrap at the
/// right margin), CR, LF, and the cursor movements and erases the renderer uses.
struct LineEditingScreenModel {
    let columns: Int
    private(set) var rows: [[Character?]] = [[]]
    private(set) var row = 0
    private(set) var column = 0
    private var pendingWrap = false

    init(columns: Int) {
        self.columns = columns
    }

    /// The visible text of each row, with a wide character's second cell left out and trailing blanks trimmed.
    var lines: [String] {
        rows.map { cells in
            var text = String(cells.compactMap { cell in cell == "\u{0}" ? nil : cell ?? " " })
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
    }

    mutating func feed(_ output: String) {
        var characters = Array(output)[...]
        while let character = characters.popFirst() {
            switch character {
            case "\r": column = 0; pendingWrap = false
            case "\n": lineFeed()
            case "\r\n": column = 0; pendingWrap = false; lineFeed()
            case "\u{7}": break
            case "\u{1B}":
                guard characters.popFirst() == "[" else { continue }
                var parameters = ""
                while let next = characters.popFirst() {
                    if next.isLetter { apply(final: next, parameters: parameters); break }
                    parameters.append(next)
                }
            default: put(character)
            }
        }
    }

    private mutating func apply(final: Character, parameters: String) {
        let count = Int(parameters) ?? 1
        pendingWrap = false
        switch final {
        case "A": row = max(0, row - count)
        case "B": row += count; ensureRow()
        case "C": column = min(columns - 1, column + count)
        case "J": clearFromCursor()
        case "K": rows[row] = Array(rows[row].prefix(column))
        case "H": row = 0; column = 0
        default: break  // ?2004h and friends
        }
    }

    private mutating func put(_ character: Character) {
        let width = DisplayWidth.of(character)
        if width == 0 { return }
        if pendingWrap || column + width > columns {
            column = 0
            lineFeed()
        }
        pendingWrap = false
        while rows[row].count < column + width { rows[row].append(nil) }
        rows[row][column] = character
        if width == 2 { rows[row][column + 1] = "\u{0}" }  // the wide character's second cell
        column += width
        if column >= columns {
            column = columns - 1
            pendingWrap = true
        }
    }

    private mutating func lineFeed() {
        row += 1
        pendingWrap = false
        ensureRow()
    }

    private mutating func ensureRow() {
        while rows.count <= row { rows.append([]) }
    }

    private mutating func clearFromCursor() {
        rows[row] = Array(rows[row].prefix(column))
        rows.removeSubrange((row + 1)...)
    }
}
